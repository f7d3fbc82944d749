"""The queue filtered by a state or a county reads those cases off their own indexes, every
lane's sort key in them, instead of walking every open case for the few that match (at a
million cases on PostgreSQL: Puerto Rico's 1,076 cases 68 -> 20 ms a page, a county of 1,040
cases 283-440 -> 20-22 ms; on SQLite at 200,000 cases 207-253 -> 12-20 ms).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

LANE_KEYS = ['status', 'urgency', 'created_at', 'detainer_deadline', 'id']


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_state_lanes', ['state', *LANE_KEYS], unique=False)
        batch_op.create_index(
            'ix_cases_county_lanes', [sa.text('lower(county)'), 'state', *LANE_KEYS], unique=False
        )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_county_lanes')
        batch_op.drop_index('ix_cases_state_lanes')
