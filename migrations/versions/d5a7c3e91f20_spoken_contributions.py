"""spoken contributions: what a participant said aloud, entered by the rapporteur or facilitator

A contribution entered by staff on behalf of a speaker keeps the speaker (``participant_id``,
none for "from the floor") and the staff member who typed it (``user_id``); ``spoken`` marks it
as entered by staff, so the speaker's page can say so and correct or withdraw it.

Revision ID: d5a7c3e91f20
Revises: a7c3e5f1b9d2
Create Date: 2026-12-03 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5a7c3e91f20'
down_revision = 'a7c3e5f1b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spoken', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_column('spoken')
