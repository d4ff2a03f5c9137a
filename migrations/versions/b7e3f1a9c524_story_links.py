"""illustrating stories linked to the findings they support

Revision ID: b7e3f1a9c524
Revises: a4c2e9d7b315
Create Date: 2026-12-04 05:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3f1a9c524'
down_revision = 'a4c2e9d7b315'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('story_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_story_link_created_by_id_user')),
    sa.ForeignKeyConstraint(['finding_id'], ['contribution.id'], name=op.f('fk_story_link_finding_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['workshop_session.id'], name=op.f('fk_story_link_session_id_workshop_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['contribution.id'], name=op.f('fk_story_link_story_id_contribution'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_link')),
    sa.UniqueConstraint('story_id', 'finding_id', name=op.f('uq_story_link_story_id'))
    )
    with op.batch_alter_table('story_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_link_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('story_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_link_session_id'))
    op.drop_table('story_link')
