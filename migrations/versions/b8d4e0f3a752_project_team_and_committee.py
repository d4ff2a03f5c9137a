"""project team and steering committee (members with a role; existing owners become researchers),
and the committee's comments with the team's answers

Revision ID: b8d4e0f3a752
Revises: a7c3d9e2f641
Create Date: 2026-12-03 18:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d4e0f3a752'
down_revision = 'a7c3d9e2f641'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('researcher', 'committee')", name=op.f('ck_project_member_project_role')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_member_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_project_member_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_member')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_project_member_project_id'))
    )
    with op.batch_alter_table('project_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_member_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_member_user_id'), ['user_id'], unique=False)
    op.create_table('project_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('answer_to_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_to_id'], ['project_comment.id'], name=op.f('fk_project_comment_answer_to_id_project_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_project_comment_author_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_comment_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_comment'))
    )
    with op.batch_alter_table('project_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_comment_answer_to_id'), ['answer_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_comment_project_id'), ['project_id'], unique=False)
    # every project's creator becomes a researcher of its team
    op.execute("INSERT INTO project_member (project_id, user_id, role, added_at) "
               "SELECT id, created_by_id, 'researcher', created_at FROM project")


def downgrade():
    op.drop_table('project_comment')
    op.drop_table('project_member')
