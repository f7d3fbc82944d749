"""Retention: legal holds and the time a case's personal data was redacted.

Existing cases start without a hold (the server default fills the NOT NULL column) and
unredacted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('legal_hold', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column('legal_hold_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('redacted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('redacted_at')
        batch_op.drop_column('legal_hold_reason')
        batch_op.drop_column('legal_hold')
