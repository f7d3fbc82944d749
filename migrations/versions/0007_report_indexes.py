"""Report indexes: each month's figures from index range scans that never read the table.

The created_at index also carries the two flags the trend counts; triage, resolution and
closing times each get an index with the filing time beside them, so the durations and the
open-at-month-end count read only indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 13:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_created_at')
        batch_op.create_index(
            'ix_cases_created_flags',
            ['created_at', 'flag_possible_profiling', 'flag_outside_priorities'],
        )
        batch_op.create_index('ix_cases_triaged_at', ['triaged_at', 'created_at'])
        batch_op.create_index('ix_cases_resolved_at', ['resolved_at', 'created_at'])
        batch_op.create_index('ix_cases_closed_at', ['closed_at', 'resolved_at', 'created_at'])
    op.execute('ANALYZE')


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_closed_at')
        batch_op.drop_index('ix_cases_resolved_at')
        batch_op.drop_index('ix_cases_triaged_at')
        batch_op.drop_index('ix_cases_created_flags')
        batch_op.create_index('ix_cases_created_at', ['created_at'])
