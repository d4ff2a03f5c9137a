"""forum: what is missing in the whole synthesis, per atelier (participants and rapporteur)

Revision ID: f2b8c6d4e1a7
Revises: e6f1a2b3c4d5
Create Date: 2026-12-04 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8c6d4e1a7'
down_revision = 'e6f1a2b3c4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'forum_gap',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_forum_gap_participant_id_participant'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_forum_gap_recorded_by_id_user')),
        sa.ForeignKeyConstraint(['session_id'], ['workshop_session.id'],
                                name=op.f('fk_forum_gap_session_id_workshop_session'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_gap')),
        sa.UniqueConstraint('session_id', 'participant_id', name=op.f('uq_forum_gap_session_id')),
    )
    with op.batch_alter_table('forum_gap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_gap_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('forum_gap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_gap_session_id'))
    op.drop_table('forum_gap')
