"""the plenary for debate (the coordinator's choice of tally, its page, or focus) and the team's
conclusions closing the forum's report

Revision ID: d8c1e4f7a293
Revises: c7d2e4f6a813
Create Date: 2026-12-03 22:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8c1e4f7a293'
down_revision = 'c7d2e4f6a813'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plenary_mode', sa.String(length=8), server_default='tally',
                                      nullable=False))
        batch_op.add_column(sa.Column('plenary_page', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('focus_kind', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('focus_id', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('conclusions', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.drop_column('conclusions')
        batch_op.drop_column('focus_id')
        batch_op.drop_column('focus_kind')
        batch_op.drop_column('plenary_page')
        batch_op.drop_column('plenary_mode')
