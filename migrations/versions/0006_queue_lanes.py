"""Queue lanes: an index per sort order within a status; name keys compared by code point.

The queue reads each status as its own index-ordered lane (complaints/casework/keyset.py), so
each sort needs an index that starts with the status and ends with the id that breaks ties.
On PostgreSQL the name key uses the "C" collation, so a name prefix is an exact index range
whatever the database's default collation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status_urgency_created')
        batch_op.create_index(
            'ix_cases_status_urgency_created', ['status', 'urgency', 'created_at', 'id']
        )
        batch_op.drop_index('ix_cases_urgency_created')
        batch_op.create_index('ix_cases_urgency_created', ['urgency', 'created_at', 'id'])
        batch_op.create_index('ix_cases_status_created', ['status', 'created_at', 'id'])
        batch_op.create_index('ix_cases_status_deadline', ['status', 'detainer_deadline', 'id'])
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column(
            'people', 'name_key', type_=sa.String(410, collation='C'),
            existing_type=sa.String(410), existing_nullable=True,
        )
    op.execute('ANALYZE')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column(
            'people', 'name_key', type_=sa.String(410),
            existing_type=sa.String(410, collation='C'), existing_nullable=True,
        )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status_deadline')
        batch_op.drop_index('ix_cases_status_created')
        batch_op.drop_index('ix_cases_urgency_created')
        batch_op.create_index('ix_cases_urgency_created', ['urgency', 'created_at'])
        batch_op.drop_index('ix_cases_status_urgency_created')
        batch_op.create_index(
            'ix_cases_status_urgency_created', ['status', 'urgency', 'created_at']
        )
