"""Partner API: partners, their hashed keys, answers kept for Idempotency-Key retries, and the
partner that filed each case.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'partners',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
        sa.UniqueConstraint('name', name=op.f('uq_partners_name')),
    )
    op.create_table(
        'partner_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('scopes', sa.JSON(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_partner_keys_created_by_id_users')),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'],
                                name=op.f('fk_partner_keys_partner_id_partners')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_keys')),
        sa.UniqueConstraint('prefix', name=op.f('uq_partner_keys_prefix')),
    )
    with op.batch_alter_table('partner_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_keys_partner_id'), ['partner_id'])
    op.create_table(
        'api_replays',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('idempotency_key', sa.String(length=200), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('body_ciphertext', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'],
                                name=op.f('fk_api_replays_partner_id_partners')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_replays')),
        sa.UniqueConstraint('partner_id', 'idempotency_key',
                            name=op.f('uq_api_replays_partner_id')),
    )
    with op.batch_alter_table('api_replays', schema=None) as batch_op:
        batch_op.create_index('ix_api_replays_created_at', ['created_at'])
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_partner_id'), ['partner_id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_partner_id_partners'), 'partners', ['partner_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_partner_id_partners'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_partner_id'))
        batch_op.drop_column('partner_id')
    with op.batch_alter_table('api_replays', schema=None) as batch_op:
        batch_op.drop_index('ix_api_replays_created_at')
    op.drop_table('api_replays')
    with op.batch_alter_table('partner_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_keys_partner_id'))
    op.drop_table('partner_keys')
    op.drop_table('partners')
