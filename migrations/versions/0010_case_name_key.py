"""Cases keep a copy of their person's name key, at the end of the queue's lane indexes.

A name prefix shared by many people is searched by walking the queue's lanes in order; with the
name key inside each lane's index, that walk checks names without reading the cases or people
tables. The copy is kept equal to people.name_key on every flush (complaints/models/people.py).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

LANES = {
    'ix_cases_status_urgency_created': ['status', 'urgency', 'created_at', 'id'],
    'ix_cases_status_created': ['status', 'created_at', 'id'],
    'ix_cases_status_deadline': ['status', 'detainer_deadline', 'id'],
}


def _name_key_type():
    if op.get_bind().dialect.name == 'postgresql':
        return sa.String(410, collation='C')
    return sa.String(410)


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', _name_key_type(), nullable=True))
    op.execute(
        'UPDATE cases SET name_key = '
        '(SELECT people.name_key FROM people WHERE people.case_id = cases.id)'
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, columns in LANES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, [*columns, 'name_key'])
    op.execute('ANALYZE')


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, columns in LANES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns)
        batch_op.drop_column('name_key')
