"""the transversal synthesis the research team writes: axes (diagnosis or perspective),
statements linked to source items, named versions

Revision ID: c9e5f1a4b863
Revises: b8d4e0f3a752
Create Date: 2026-12-03 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e5f1a4b863'
down_revision = 'b8d4e0f3a752'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('transversal_axis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('diagnosis', 'perspective')", name=op.f('ck_transversal_axis_axis_kind')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_transversal_axis_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_transversal_axis_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transversal_axis'))
    )
    with op.batch_alter_table('transversal_axis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transversal_axis_project_id'), ['project_id'], unique=False)
    op.create_table('transversal_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_transversal_version_created_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_transversal_version_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transversal_version')),
    sa.UniqueConstraint('project_id', 'number', name=op.f('uq_transversal_version_project_id'))
    )
    with op.batch_alter_table('transversal_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transversal_version_project_id'), ['project_id'], unique=False)
    op.create_table('transversal_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('axis_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['axis_id'], ['transversal_axis.id'], name=op.f('fk_transversal_statement_axis_id_transversal_axis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_transversal_statement_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transversal_statement'))
    )
    with op.batch_alter_table('transversal_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transversal_statement_axis_id'), ['axis_id'], unique=False)
    op.create_table('transversal_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['transversal_statement.id'], name=op.f('fk_transversal_link_statement_id_transversal_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transversal_link')),
    sa.UniqueConstraint('statement_id', 'item_id', name=op.f('uq_transversal_link_statement_id'))
    )
    with op.batch_alter_table('transversal_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transversal_link_statement_id'), ['statement_id'], unique=False)


def downgrade():
    op.drop_table('transversal_link')
    op.drop_table('transversal_statement')
    op.drop_table('transversal_version')
    op.drop_table('transversal_axis')
