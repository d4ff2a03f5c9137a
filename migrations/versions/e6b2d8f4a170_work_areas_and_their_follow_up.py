"""the team's work areas (chantiers) and their follow-up: sources, forum verdicts, dated answers,
the history of changes, and the public follow-up link's secret

Revision ID: e6b2d8f4a170
Revises: f2b8c6d4e1a7
Create Date: 2026-12-04 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b2d8f4a170'
down_revision = 'f2b8c6d4e1a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('work_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("level IN ('micro', 'meso', 'macro')", name=op.f('ck_work_area_work_area_level')),
    sa.CheckConstraint("status IN ('proposed', 'adopted', 'in_progress', 'done', 'dropped')",
                       name=op.f('ck_work_area_work_area_status')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_work_area_project_id_project'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_area'))
    )
    with op.batch_alter_table('work_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_area_project_id'), ['project_id'], unique=False)
    op.create_table('work_area_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_area_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['work_area_id'], ['work_area.id'],
                            name=op.f('fk_work_area_source_work_area_id_work_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_area_source')),
    sa.UniqueConstraint('work_area_id', 'item_id', name=op.f('uq_work_area_source_work_area_id'))
    )
    with op.batch_alter_table('work_area_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_area_source_work_area_id'), ['work_area_id'], unique=False)
    op.create_table('work_area_verdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_area_id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=8), nullable=False),
    sa.Column('target_id', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_work_area_verdict_forum_id_forum'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_area_id'], ['work_area.id'],
                            name=op.f('fk_work_area_verdict_work_area_id_work_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_area_verdict')),
    sa.UniqueConstraint('work_area_id', 'forum_id', 'target_kind', 'target_id',
                        name=op.f('uq_work_area_verdict_work_area_id'))
    )
    with op.batch_alter_table('work_area_verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_area_verdict_work_area_id'), ['work_area_id'], unique=False)
    op.create_table('work_area_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_area_id', sa.Integer(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_work_area_answer_created_by_id_user')),
    sa.ForeignKeyConstraint(['work_area_id'], ['work_area.id'],
                            name=op.f('fk_work_area_answer_work_area_id_work_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_area_answer'))
    )
    with op.batch_alter_table('work_area_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_area_answer_work_area_id'), ['work_area_id'], unique=False)
    op.create_table('work_area_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_area_id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_work_area_change_changed_by_id_user')),
    sa.ForeignKeyConstraint(['work_area_id'], ['work_area.id'],
                            name=op.f('fk_work_area_change_work_area_id_work_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_area_change'))
    )
    with op.batch_alter_table('work_area_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_area_change_work_area_id'), ['work_area_id'], unique=False)
    op.create_table('followup_link',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_followup_link_project_id_project'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_followup_link')),
    sa.UniqueConstraint('secret', name=op.f('uq_followup_link_secret'))
    )


def downgrade():
    op.drop_table('followup_link')
    for table in ('work_area_change', 'work_area_answer', 'work_area_verdict', 'work_area_source'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_work_area_id'))
        op.drop_table(table)
    with op.batch_alter_table('work_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_area_project_id'))
    op.drop_table('work_area')
