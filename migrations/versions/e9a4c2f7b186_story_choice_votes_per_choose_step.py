"""story-choice votes belong to their choose step: one per participant in each step

A day with several MAG sequences asks the group to choose a story in each; a participant's
vote in a later sequence no longer replaces their earlier one. Existing story-choice votes get
the choose step where their story was recorded as chosen, else the session's first choose step
(the only one before sequences existed).

Revision ID: e9a4c2f7b186
Revises: d3f7a2c9e614
Create Date: 2026-12-04 10:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e9a4c2f7b186'
down_revision = 'd3f7a2c9e614'
branch_labels = None
depends_on = None

STORY_CHOICE = "kind = 'story_choice'"
OTHER_KINDS = "kind <> 'story_choice'"
HAS_STEP = "kind <> 'story_choice' OR step_index IS NOT NULL"


def _first_choose_step(session) -> int:
    """The session's first choose-story step, read from its method as the application reads it
    (0 when the method is unknown here: a vote then stays countable)."""
    try:
        from workshop.sessions.methods import get_method, shaped

        method = get_method(session.method_key)
        if session.method_steps:
            import json

            steps = session.method_steps
            method = shaped(method, json.loads(steps) if isinstance(steps, str) else steps)
        return next(step.index for step in method.steps if step.kind.name == "choose_story")
    except Exception:  # noqa: BLE001 - an old or removed method: the vote keeps step 0
        return 0


def _backfill(connection) -> None:
    recorded = {(row.session_id, row.chosen_story_id): row.step_index for row in connection.execute(
        sa.text("SELECT session_id, step_index, chosen_story_id FROM step_state "
                "WHERE chosen_story_id IS NOT NULL ORDER BY step_index DESC"))}
    votes = connection.execute(sa.text(
        f"SELECT v.id, v.session_id, v.contribution_id, s.method_key, s.method_steps FROM vote v "
        f"JOIN workshop_session s ON s.id = v.session_id WHERE v.{STORY_CHOICE}")).all()
    first: dict[int, int] = {}
    for vote in votes:
        step = recorded.get((vote.session_id, vote.contribution_id))
        if step is None:
            if vote.session_id not in first:
                first[vote.session_id] = _first_choose_step(vote)
            step = first[vote.session_id]
        connection.execute(sa.text("UPDATE vote SET step_index = :step WHERE id = :id"),
                           {"step": step, "id": vote.id})


def upgrade():
    op.add_column('vote', sa.Column('step_index', sa.Integer(), nullable=True))
    _backfill(op.get_bind())
    op.drop_index('uq_vote_one_story_choice', table_name='vote')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_constraint('uq_vote_contribution_id', type_='unique')
        batch_op.create_check_constraint(op.f('ck_vote_story_choice_has_step'), sa.text(HAS_STEP))
    op.create_index('uq_vote_one_per_item', 'vote', ['contribution_id', 'participant_id', 'kind'],
                    unique=True, sqlite_where=sa.text(OTHER_KINDS),
                    postgresql_where=sa.text(OTHER_KINDS))
    op.create_index('uq_vote_one_story_choice_per_step', 'vote', ['participant_id', 'step_index'],
                    unique=True, sqlite_where=sa.text(STORY_CHOICE),
                    postgresql_where=sa.text(STORY_CHOICE))


def downgrade():
    """Back to one story-choice vote per participant: their latest one stays."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        f"SELECT id, participant_id FROM vote WHERE {STORY_CHOICE} ORDER BY id DESC")).all()
    seen = set()
    for row in rows:
        if row.participant_id in seen:
            connection.execute(sa.text("DELETE FROM vote WHERE id = :id"), {"id": row.id})
        seen.add(row.participant_id)
    op.drop_index('uq_vote_one_story_choice_per_step', table_name='vote')
    op.drop_index('uq_vote_one_per_item', table_name='vote')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_vote_story_choice_has_step'), type_='check')
        batch_op.create_unique_constraint(op.f('uq_vote_contribution_id'),
                                          ['contribution_id', 'participant_id', 'kind'])
        batch_op.drop_column('step_index')
    op.create_index('uq_vote_one_story_choice', 'vote', ['participant_id'], unique=True,
                    sqlite_where=sa.text(STORY_CHOICE), postgresql_where=sa.text(STORY_CHOICE))
