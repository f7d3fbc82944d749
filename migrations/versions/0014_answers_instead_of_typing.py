"""Answers instead of typing: "I don't know" or "I prefer not to say" for the person's country of
birth and race or ethnicity, kept apart from a question left blank.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country_of_birth_answer', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('race_ethnicity_answer', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('race_ethnicity_answer')
        batch_op.drop_column('country_of_birth_answer')
