"""retention: report final, purge, the log of what was done with personal data, and the
forum report's review

Revision ID: e3a9c7d15b42
Revises: 85dc34ef0496
Create Date: 2026-12-03 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a9c7d15b42'
down_revision = '85dc34ef0496'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_final_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('purged_at', sa.DateTime(), nullable=True))
    op.create_table('personal_data_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['workshop_session.id'], name=op.f('fk_personal_data_event_session_id_workshop_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_personal_data_event_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_event'))
    )
    with op.batch_alter_table('personal_data_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personal_data_event_session_id'), ['session_id'], unique=False)
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redactions', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('forum', schema=None) as batch_op:
        batch_op.drop_column('redactions')
    with op.batch_alter_table('personal_data_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_data_event_session_id'))
    op.drop_table('personal_data_event')
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
        batch_op.drop_column('report_final_at')
