"""stable ids of sessions and groups: what a synthesis that leaves the installation refers to

A row id means something only in its own database; a forum that imports a project's synthesis
must never read a local session or group behind it. Every session and thematic group gets a
random ``uid`` (existing rows too), which the project synthesis carries instead of row ids.

Revision ID: b7d2e91c4f05
Revises: a3c1f0d2b7e4
Create Date: 2026-11-26 09:00:00.000000

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e91c4f05'
down_revision = 'a3c1f0d2b7e4'
branch_labels = None
depends_on = None

TABLES = ('workshop_session', 'workshop_group')


def upgrade():
    connection = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uid', sa.String(length=32), nullable=True))
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column('uid', sa.String))
        for (row_id,) in connection.execute(sa.select(rows.c.id)).all():
            connection.execute(rows.update().where(rows.c.id == row_id).values(uid=uuid.uuid4().hex))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sa.String(length=32), nullable=False)
            batch_op.create_unique_constraint(op.f(f'uq_{table}_uid'), ['uid'])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'uq_{table}_uid'), type_='unique')
            batch_op.drop_column('uid')
