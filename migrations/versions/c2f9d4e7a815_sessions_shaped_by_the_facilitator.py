"""sessions shaped by the facilitator, and the team's named variants of a method

A session may carry its own sequence of steps (skipped, repeated, reordered, time boxes and
prompts changed); a variant keeps such a sequence under a name for the team.

Revision ID: c2f9d4e7a815
Revises: a8e4b2c6d913
Create Date: 2026-12-03 19:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2f9d4e7a815'
down_revision = 'a8e4b2c6d913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method_steps', sa.JSON(), nullable=True))
    op.create_table(
        'method_variant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('method_key', sa.String(length=60), nullable=False),
        sa.Column('steps', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_method_variant_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_method_variant')),
        sa.UniqueConstraint('name', name=op.f('uq_method_variant_name')),
    )


def downgrade():
    op.drop_table('method_variant')
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('method_steps')
