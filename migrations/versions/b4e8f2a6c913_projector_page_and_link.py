"""projector page and link: the page the projector shows in a step, and the projector's own secret

``step_state.projector_page``: the page of a step's content the facilitator has turned the
projector to, when it does not fit one screen (0: the first). ``workshop_session.projector_secret``:
the secret of the read-only projector link (none: no link; a new one revokes the old).

Revision ID: b4e8f2a6c913
Revises: d7b3e1f0a4c2
Create Date: 2026-12-03 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4e8f2a6c913'
down_revision = 'd7b3e1f0a4c2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('step_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('projector_page', sa.Integer(), nullable=False,
                                      server_default='0'))
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('projector_secret', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_workshop_session_projector_secret', ['projector_secret'])


def downgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_constraint('uq_workshop_session_projector_secret', type_='unique')
        batch_op.drop_column('projector_secret')
    with op.batch_alter_table('step_state', schema=None) as batch_op:
        batch_op.drop_column('projector_page')
