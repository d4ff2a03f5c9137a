"""when participants see a vote's results: after their own vote, after the reveal, or live

Revision ID: d7b3e1f0a4c2
Revises: a41c7e9b3d20
Create Date: 2026-12-03 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7b3e1f0a4c2'
down_revision = 'a41c7e9b3d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_shown', sa.String(length=12), nullable=False,
                                      server_default='after_vote'))


def downgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('results_shown')
