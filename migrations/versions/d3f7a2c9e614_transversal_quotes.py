"""quotes in the team's transversal synthesis: a passage of a source item, the participants'
own words, as an illustration of a statement

Revision ID: d3f7a2c9e614
Revises: b7e3f1a9c524
Create Date: 2026-12-04 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3f7a2c9e614'
down_revision = 'b7e3f1a9c524'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('transversal_quote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(text) BETWEEN 1 AND 600', name=op.f('ck_transversal_quote_quote_length')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_transversal_quote_created_by_id_user')),
    sa.ForeignKeyConstraint(['statement_id'], ['transversal_statement.id'], name=op.f('fk_transversal_quote_statement_id_transversal_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transversal_quote')),
    sa.UniqueConstraint('statement_id', 'item_id', 'text', name=op.f('uq_transversal_quote_statement_id'))
    )
    with op.batch_alter_table('transversal_quote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transversal_quote_statement_id'), ['statement_id'], unique=False)


def downgrade():
    op.drop_table('transversal_quote')
