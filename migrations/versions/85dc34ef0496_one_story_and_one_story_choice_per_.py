"""one story and one story choice per participant, kept by the database

Before the indexes are made, the duplicates that racing requests could store are removed: a
participant's later copies of their story (or narration), unless the group chose that copy,
and every story-choice vote but a participant's first.

Revision ID: 85dc34ef0496
Revises: c4e8a1f9d2b3
Create Date: 2026-12-03 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '85dc34ef0496'
down_revision = 'c4e8a1f9d2b3'
branch_labels = None
depends_on = None

ONCE = "kind IN ('story', 'narration')"
STORY_CHOICE = "kind = 'story_choice'"


def _delete(connection, table: str, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join(str(int(i)) for i in chunk)
        connection.execute(sa.text(f"DELETE FROM {table} WHERE id IN ({marks})"))


def _remove_duplicate_contributions(connection) -> None:
    rows = connection.execute(sa.text(
        f"SELECT c.id, c.participant_id, c.kind, s.chosen_story_id FROM contribution c "
        f"JOIN workshop_session s ON s.id = c.session_id "
        f"WHERE c.participant_id IS NOT NULL AND c.{ONCE} ORDER BY c.id")).all()
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row.participant_id, row.kind), []).append(row)
    doomed = []
    for copies in groups.values():
        if len(copies) > 1:
            keep = next((c.id for c in copies if c.id == c.chosen_story_id), copies[0].id)
            doomed += [c.id for c in copies if c.id != keep]
    if not doomed:
        return
    marks = ", ".join(str(int(i)) for i in doomed)
    for column in ("parent_id", "merged_into_id", "source_id"):
        connection.execute(sa.text(f"UPDATE contribution SET {column} = NULL WHERE {column} IN ({marks})"))
    connection.execute(sa.text(f"DELETE FROM vote WHERE contribution_id IN ({marks})"))
    connection.execute(sa.text(f"DELETE FROM contribution_revision WHERE contribution_id IN ({marks})"))
    _delete(connection, "contribution", doomed)


def _remove_duplicate_story_choices(connection) -> None:
    rows = connection.execute(sa.text(
        f"SELECT id, participant_id FROM vote WHERE {STORY_CHOICE} ORDER BY id")).all()
    seen, doomed = set(), []
    for row in rows:
        if row.participant_id in seen:
            doomed.append(row.id)
        seen.add(row.participant_id)
    _delete(connection, "vote", doomed)


def upgrade():
    connection = op.get_bind()
    _remove_duplicate_contributions(connection)
    _remove_duplicate_story_choices(connection)
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.create_index('uq_contribution_once_per_participant', ['participant_id', 'kind'],
                              unique=True, sqlite_where=sa.text(ONCE), postgresql_where=sa.text(ONCE))
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index('uq_vote_one_story_choice', ['participant_id'], unique=True,
                              sqlite_where=sa.text(STORY_CHOICE), postgresql_where=sa.text(STORY_CHOICE))


def downgrade():
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index('uq_vote_one_story_choice')
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index('uq_contribution_once_per_participant')
