"""forum: answers and verdicts on an axis as a whole, not only on a finding

finding_id becomes target_id, named by target_kind ('axis' or 'finding'); existing rows are
findings.

Revision ID: a3c1f0d2b7e4
Revises: 864992312213
Create Date: 2026-11-24 10:12:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c1f0d2b7e4'
down_revision = '864992312213'
branch_labels = None
depends_on = None

# table -> the first column of its unique key (which names the constraint)
TABLES = {'forum_answer': 'participant_id', 'forum_verdict': 'session_id'}


def upgrade():
    # In SQLite's batch mode a constraint must not name a column renamed in the same batch.
    for table, first in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('target_kind', sa.String(length=8), nullable=False,
                                          server_default='finding'))
            batch_op.alter_column('finding_id', new_column_name='target_id',
                                  existing_type=sa.String(length=80), existing_nullable=False)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('target_kind', server_default=None,
                                  existing_type=sa.String(length=8), existing_nullable=False)
            batch_op.drop_constraint(op.f(f'uq_{table}_{first}'), type_='unique')
            batch_op.create_unique_constraint(op.f(f'uq_{table}_{first}'),
                                              [first, 'target_kind', 'target_id'])
            batch_op.create_check_constraint(op.f(f'ck_{table}_target_kind'),
                                             "target_kind IN ('axis', 'finding')")


def downgrade():
    for table, first in TABLES.items():
        op.execute(sa.text(f"DELETE FROM {table} WHERE target_kind = 'axis'"))  # no place for them
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_target_kind'), type_='check')
            batch_op.drop_constraint(op.f(f'uq_{table}_{first}'), type_='unique')
            batch_op.alter_column('target_id', new_column_name='finding_id',
                                  existing_type=sa.String(length=80), existing_nullable=False)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(op.f(f'uq_{table}_{first}'), [first, 'finding_id'])
            batch_op.drop_column('target_kind')
