"""Health probes: a scratch table /healthz writes to and empties, to prove the database writes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 14:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'health_probes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_health_probes')),
    )


def downgrade():
    op.drop_table('health_probes')
