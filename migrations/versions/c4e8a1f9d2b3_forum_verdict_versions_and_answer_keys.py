"""forum: a version per verdict (a save from a stale form is refused) and the key of the form
that last changed an answer (a form sent again after a lost connection is stored once)

Revision ID: c4e8a1f9d2b3
Revises: b7d2e91c4f05
Create Date: 2026-11-26 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a1f9d2b3'
down_revision = 'b7d2e91c4f05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forum_verdict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('forum_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_key', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('forum_answer', schema=None) as batch_op:
        batch_op.drop_column('client_key')
    with op.batch_alter_table('forum_verdict', schema=None) as batch_op:
        batch_op.drop_column('version')
