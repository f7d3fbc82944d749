"""People's name index also holds the birth date: the case page's possible duplicates (same
name and birth date) then read only those people, not everyone who shares a common name.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index('ix_people_name_key_birth', ['name_key', 'date_of_birth'], unique=False)
        batch_op.drop_index('ix_people_name_key')


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index('ix_people_name_key', ['name_key'], unique=False)
        batch_op.drop_index('ix_people_name_key_birth')
