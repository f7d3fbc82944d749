"""Complaints taken in person: cases.channel grows to hold "in_person".

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OLD = sa.Enum('web', 'phone', 'paper', 'partner', name='channel', native_enum=False)
NEW = sa.Enum('web', 'phone', 'paper', 'in_person', 'partner', name='channel', native_enum=False)


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('channel', existing_type=OLD, type_=NEW, existing_nullable=False)


def downgrade():
    # Cases taken in person are recorded as paper, the nearest channel the old schema knows.
    op.execute("UPDATE cases SET channel = 'paper' WHERE channel = 'in_person'")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('channel', existing_type=NEW, type_=OLD, existing_nullable=False)
