"""A name index on cases holding every lane's sort key: a name search for a prefix few people
share reads just their cases' index entries and sorts those, instead of walking whole lanes (at
a million cases on PostgreSQL, the queue searched for "Kang", 3,840 people: 138 -> 29 ms p50).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 19:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(
            'ix_cases_name_lanes',
            ['name_key', 'status', 'urgency', 'created_at', 'detainer_deadline', 'id'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_name_lanes')
