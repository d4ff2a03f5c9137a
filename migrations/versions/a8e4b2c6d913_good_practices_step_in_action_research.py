"""good practices: a step of their own in the action-research day's diagnosis

``recherche-action`` gains a step "good practices identified" at index 2, after the
illustrating stories. Steps are stored by their index in the method, so what existing
action-research sessions hold from index 2 on (contributions, notes, step states, the current
step) moves one place down, and stays under the step it was written in.

Revision ID: a8e4b2c6d913
Revises: d5a7c3e91f20
Create Date: 2026-12-03 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8e4b2c6d913'
down_revision = 'd5a7c3e91f20'
branch_labels = None
depends_on = None

INSERTED = 2
TABLES = ('contribution', 'note', 'step_state')


def _shift(by: int):
    sessions = sa.table('workshop_session', sa.column('id', sa.Integer),
                        sa.column('method_key', sa.String), sa.column('current_step', sa.Integer))
    ids = sa.select(sessions.c.id).where(sessions.c.method_key == 'recherche-action')
    first = INSERTED if by > 0 else INSERTED + 1
    for name in TABLES:
        table = sa.table(name, sa.column('session_id', sa.Integer), sa.column('step_index', sa.Integer))
        # through negative values: (session, step) is unique in step_state, checked row by row
        op.execute(table.update().where(table.c.session_id.in_(ids), table.c.step_index >= first)
                   .values(step_index=-(table.c.step_index + by) - 1))
        op.execute(table.update().where(table.c.session_id.in_(ids), table.c.step_index < 0)
                   .values(step_index=-table.c.step_index - 1))
    op.execute(sessions.update().where(sessions.c.method_key == 'recherche-action',
                                       sessions.c.current_step >= first)
               .values(current_step=sessions.c.current_step + by))


def upgrade():
    _shift(1)


def downgrade():
    states = sa.table('step_state', sa.column('session_id', sa.Integer), sa.column('step_index', sa.Integer))
    sessions = sa.table('workshop_session', sa.column('id', sa.Integer), sa.column('method_key', sa.String))
    op.execute(states.delete().where(
        states.c.session_id.in_(sa.select(sessions.c.id).where(sessions.c.method_key == 'recherche-action')),
        states.c.step_index == INSERTED))
    _shift(-1)
