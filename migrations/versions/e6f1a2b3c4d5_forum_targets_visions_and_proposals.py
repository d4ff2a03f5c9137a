"""forum: visions and proposals are judged too; priority is asked of proposals only

The target kind of answers and verdicts may be 'vision' or 'proposal'; an answer's priority
may be empty (the question is not asked of an axis, a finding or a vision).

Revision ID: e6f1a2b3c4d5
Revises: d8c1e4f7a293
Create Date: 2026-12-04 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6f1a2b3c4d5'
down_revision = 'd8c1e4f7a293'
branch_labels = None
depends_on = None

TABLES = ('forum_answer', 'forum_verdict')
WIDE = "target_kind IN ('axis', 'finding', 'vision', 'proposal')"
NARROW = "target_kind IN ('axis', 'finding')"


def _check(table, condition):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_target_kind'), type_='check')
        batch_op.create_check_constraint(op.f(f'ck_{table}_target_kind'), condition)


def upgrade():
    for table in TABLES:
        _check(table, WIDE)
    with op.batch_alter_table('forum_answer', schema=None) as batch_op:
        batch_op.alter_column('priority', existing_type=sa.String(length=10), nullable=True)


def downgrade():
    for table in TABLES:  # no place for them in the narrower schema
        op.execute(sa.text(f"DELETE FROM {table} WHERE target_kind IN ('vision', 'proposal')"))
        _check(table, NARROW)
    # the older schema asked priority everywhere: an unasked one reads as the neutral answer
    op.execute(sa.text("UPDATE forum_answer SET priority = 'partly' WHERE priority IS NULL"))
    with op.batch_alter_table('forum_answer', schema=None) as batch_op:
        batch_op.alter_column('priority', existing_type=sa.String(length=10), nullable=False)
