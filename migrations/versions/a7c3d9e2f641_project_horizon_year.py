"""project horizon year (default five years after the project's date), carried to its sessions

Revision ID: a7c3d9e2f641
Revises: e3a9c7d15b42
Create Date: 2026-12-03 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3d9e2f641'
down_revision = 'e3a9c7d15b42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('horizon_year', sa.Integer(), nullable=True))
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('horizon_year', sa.Integer(), nullable=True))
    connection = op.get_bind()
    project = sa.table('project', sa.column('id', sa.Integer), sa.column('created_at', sa.DateTime),
                       sa.column('horizon_year', sa.Integer))
    session = sa.table('workshop_session', sa.column('group_id', sa.Integer),
                       sa.column('horizon_year', sa.Integer))
    group = sa.table('workshop_group', sa.column('id', sa.Integer), sa.column('project_id', sa.Integer))
    for project_id, created_at in connection.execute(sa.select(project.c.id, project.c.created_at)).all():
        year = created_at.year + 5
        connection.execute(project.update().where(project.c.id == project_id).values(horizon_year=year))
        connection.execute(session.update().where(session.c.group_id.in_(
            sa.select(group.c.id).where(group.c.project_id == project_id))).values(horizon_year=year))
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.alter_column('horizon_year', existing_type=sa.Integer(), nullable=False)


def downgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('horizon_year')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('horizon_year')
