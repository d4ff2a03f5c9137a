"""one atelier per person in a forum: a seat per (forum, device), and the coordinator's setting

Revision ID: b3e7f2a9c461
Revises: c2f9d4e7a815
Create Date: 2026-12-03 22:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e7f2a9c461'
down_revision = 'c2f9d4e7a815'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.add_column(sa.Column('several_ateliers', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table(
        'forum_seat',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('device', sa.String(length=64), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], name=op.f('fk_forum_seat_forum_id_forum'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_forum_seat_participant_id_participant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_seat')),
        sa.UniqueConstraint('forum_id', 'device', name=op.f('uq_forum_seat_forum_id')),
    )
    with op.batch_alter_table('forum_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_seat_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('forum_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_seat_participant_id'))
    op.drop_table('forum_seat')
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.drop_column('several_ateliers')
