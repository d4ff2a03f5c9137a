"""pseudonym keys: look-alike pseudonyms once per session

Revision ID: a41c7e9b3d20
Revises: b3e7f2a9c461
Create Date: 2026-12-03 22:10:00

"""
from alembic import op
import sqlalchemy as sa

from workshop.sessions.pseudonyms import pseudonym_key


# revision identifiers, used by Alembic.
revision = 'a41c7e9b3d20'
down_revision = 'b3e7f2a9c461'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym_key', sa.String(length=160), nullable=True))

    # Existing look-alikes in one session stay distinct: the later one's key gets its id.
    participant = sa.table('participant', sa.column('id', sa.Integer), sa.column('session_id', sa.Integer),
                           sa.column('pseudonym', sa.String), sa.column('pseudonym_key', sa.String))
    connection = op.get_bind()
    seen = set()
    rows = connection.execute(sa.select(participant.c.id, participant.c.session_id, participant.c.pseudonym)
                              .order_by(participant.c.id)).all()
    for row in rows:
        key = pseudonym_key(row.pseudonym)
        if (row.session_id, key) in seen:
            key = f"{key}#{row.id}"
        seen.add((row.session_id, key))
        connection.execute(participant.update().where(participant.c.id == row.id).values(pseudonym_key=key))

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.alter_column('pseudonym_key', existing_type=sa.String(length=160), nullable=False)
        batch_op.create_unique_constraint('uq_participant_pseudonym_key', ['session_id', 'pseudonym_key'])


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_pseudonym_key', type_='unique')
        batch_op.drop_column('pseudonym_key')
