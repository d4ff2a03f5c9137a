"""staff accounts: a login token that logout revokes, administrators, deactivation, invitations

Every existing account gets its own login token (the cookies issued before this migration stop
working: everyone logs in once more), and the oldest account becomes the administrator.

Revision ID: a7c3e5f1b9d2
Revises: c9e5f1a4b863
Create Date: 2026-12-03 18:30:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e5f1b9d2'
down_revision = 'c9e5f1a4b863'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('login_token', sa.String(length=32), nullable=True))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.text('SELECT id FROM "user"')).all():
        connection.execute(sa.text('UPDATE "user" SET login_token = :token WHERE id = :id'),
                           {"token": secrets.token_hex(16), "id": user_id})
    connection.execute(sa.text('UPDATE "user" SET is_admin = :yes WHERE id = (SELECT MIN(id) FROM "user")'),
                       {"yes": True})
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('login_token', existing_type=sa.String(length=32), nullable=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=120), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_invitation_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_invitation_token_digest'))
    )


def downgrade():
    op.drop_table('invitation')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('login_token')
        batch_op.drop_column('active')
        batch_op.drop_column('is_admin')
