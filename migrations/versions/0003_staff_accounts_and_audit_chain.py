"""Staff accounts and the audit hash chain: users.password_expired, failed_since and a longer
(encrypted) totp_secret; audit_events seq, prev_hash
and hash; the audit_head row that serialises appends. Existing events are chained in id order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:20:00

"""
import hashlib
import json
from datetime import timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _hash_v1(prev_hash, seq, at, actor_user_id, actor_kind, action, case_id, details):
    # A frozen copy of complaints.audit.event_hash (version 1): migrations never import app code.
    if isinstance(details, str):
        details = json.loads(details)
    stamp = at.replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = json.dumps(
        {"seq": seq, "at": stamp, "actor_user_id": actor_user_id, "actor_kind": actor_kind,
         "action": action, "case_id": case_id, "details": details},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


def upgrade():
    head = op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))

    # Chain the events written before the chain existed, oldest first.
    connection = op.get_bind()
    events = sa.table(
        'audit_events', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
        sa.column('actor_user_id', sa.Integer), sa.column('actor_kind', sa.String),
        sa.column('action', sa.String), sa.column('case_id', sa.Integer),
        sa.column('details', sa.JSON), sa.column('seq', sa.BigInteger),
        sa.column('prev_hash', sa.String), sa.column('hash', sa.String),
    )
    previous, seq = GENESIS, 0
    rows = connection.execute(sa.select(
        events.c.id, events.c.at, events.c.actor_user_id, events.c.actor_kind, events.c.action,
        events.c.case_id, events.c.details).order_by(events.c.id)).all()
    for row in rows:
        seq += 1
        digest = _hash_v1(previous, seq, row.at, row.actor_user_id, row.actor_kind, row.action,
                          row.case_id, row.details)
        connection.execute(events.update().where(events.c.id == row.id)
                           .values(seq=seq, prev_hash=previous, hash=digest))
        previous = digest
    op.bulk_insert(head, [{'id': 1, 'seq': seq, 'last_hash': previous}])

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_seq'), ['seq'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_expired', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('failed_since', sa.DateTime(), nullable=True))
        # Room for the encrypted secret; no secrets exist yet, so nothing needs re-encrypting.
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64),
                              type_=sa.String(length=255), existing_nullable=True)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255),
                              type_=sa.String(length=64), existing_nullable=True)
        batch_op.drop_column('failed_since')
        batch_op.drop_column('password_expired')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_seq'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')

    op.drop_table('audit_head')
