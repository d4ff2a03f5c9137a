"""participants acknowledge the confidentiality charter

Revision ID: c7d2e4f6a813
Revises: b4e8f2a6c913
Create Date: 2026-12-03 23:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d2e4f6a813'
down_revision = 'b4e8f2a6c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('charter_acknowledged_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('charter_acknowledged_at')
