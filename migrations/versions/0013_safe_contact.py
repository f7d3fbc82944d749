"""Safe contact as structured fields: per channel what is safe (call, text, voicemail, email,
letters) and whether someone else may read or hear it, and the best hours. The ways already
ticked (people.contact_methods) become the flags; the free-text note stays as the other
instructions (people.safe_contact).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27 10:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

METHODS = ('call', 'text', 'voicemail', 'email', 'mail')
FLAGS = tuple(f'safe_{method}' for method in METHODS) + (
    'shared_phone', 'shared_email', 'shared_mail')


def _methods(value):
    """The stored JSON list, whichever way the driver hands it back."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [item for item in value or [] if item in METHODS]


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        for flag in FLAGS:
            batch_op.add_column(sa.Column(flag, sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
        batch_op.add_column(sa.Column('best_hours', sa.String(length=200), nullable=True))
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('contact_methods', sa.JSON),
                      *(sa.column(f'safe_{method}', sa.Boolean) for method in METHODS))
    bind = op.get_bind()
    rows = bind.execute(sa.select(people.c.id, people.c.contact_methods)).all()
    for person_id, stored in rows:
        methods = _methods(stored)
        if methods:
            bind.execute(people.update().where(people.c.id == person_id)
                         .values({f'safe_{method}': True for method in methods}))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('contact_methods')


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_methods', sa.JSON(), nullable=False,
                                      server_default='[]'))
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('contact_methods', sa.JSON),
                      *(sa.column(f'safe_{method}', sa.Boolean) for method in METHODS))
    bind = op.get_bind()
    rows = bind.execute(sa.select(people.c.id, *(people.c[f'safe_{m}'] for m in METHODS))).all()
    for person_id, *flags in rows:
        methods = [method for method, on in zip(METHODS, flags) if on]
        if methods:
            bind.execute(people.update().where(people.c.id == person_id)
                         .values(contact_methods=methods))
    with op.batch_alter_table('people', schema=None) as batch_op:
        for flag in FLAGS:
            batch_op.drop_column(flag)
        batch_op.drop_column('best_hours')
