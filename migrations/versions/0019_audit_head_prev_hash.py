"""The audit chain's head keeps the hash its last append chained onto, so an append is one
statement (the UPDATE that gives out the position works out the new hash and returns the old
one with it): on PostgreSQL the event's INSERT rides in the same statement, three round trips
become one.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('prev_hash', sa.String(length=64), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('prev_hash')
