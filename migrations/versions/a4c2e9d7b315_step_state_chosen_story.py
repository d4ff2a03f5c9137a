"""the story chosen in each choose-story step (several MAG sequences in one day)

Revision ID: a4c2e9d7b315
Revises: e6b2d8f4a170
Create Date: 2026-12-04 04:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c2e9d7b315'
down_revision = 'e6b2d8f4a170'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('step_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chosen_story_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_step_state_chosen_story_id_contribution'),
                                    'contribution', ['chosen_story_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('step_state', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_step_state_chosen_story_id_contribution'),
                                 type_='foreignkey')
        batch_op.drop_column('chosen_story_id')
