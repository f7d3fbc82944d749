"""Someone's own cases ("assigned to me") read off an index holding every lane's sort key, which
replaces the one on (assigned_to_id, status) it extends. SQLite's statistics count every
unassigned case as one person's, so it walked all the lanes instead; the queue now tells its
planner that few cases are one person's (at 200,000 cases, "my cases" 136-179 -> 7-9 ms a
page, by nearest deadline 107 -> 10 ms).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 20:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(
            'ix_cases_assigned_lanes',
            ['assigned_to_id', 'status', 'urgency', 'created_at', 'detainer_deadline', 'id'],
            unique=False,
        )
        batch_op.drop_index('ix_cases_assigned_status')


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(
            'ix_cases_assigned_status', ['assigned_to_id', 'status'], unique=False
        )
        batch_op.drop_index('ix_cases_assigned_lanes')
