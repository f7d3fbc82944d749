"""Complainant safety and consent: a consent record per destination with its wording, the
authority of third-party filers, removal proceedings, and cases split into linked cases.

The yes/no columns cases.consent_share_crcl, _oig and _statistics become consent records
(source "migrated", dated when the case was filed, with the English words the form showed
then); the columns are then dropped. A downgrade puts back each column from the latest record
for its destination; records for the destinations added here (OIDO, local agency, lawyer) and
the history of changes are lost.

On SQLite, batch mode copies `cases` and drops the original: migrations/env.py turns foreign
keys off while migrating, or that drop would delete every row that cascades from a case.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The old columns, the destination each becomes, and the words the form showed for it.
OLD_CONSENTS = {
    'consent_share_crcl': (
        'crcl', 'crcl.v1',
        'You may share my complaint with the DHS Office for Civil Rights and Civil Liberties',
    ),
    'consent_share_oig': (
        'oig', 'oig.v1',
        'You may share my complaint with the DHS Office of Inspector General',
    ),
    'consent_share_statistics': (
        'statistics', 'statistics.v1',
        'You may count my complaint, without names, in public statistics',
    ),
}


def upgrade():
    op.create_table(
        'consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('destination', sa.Enum('crcl', 'oig', 'oido', 'local_agency', 'lawyer', 'statistics', name='consentdestination', native_enum=False), nullable=False),
        sa.Column('granted', sa.Boolean(), nullable=False),
        sa.Column('wording', sa.Text(), nullable=False),
        sa.Column('wording_key', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('source', sa.Enum('web', 'follow_up', 'staff', 'migrated', name='consentsource', native_enum=False), nullable=False),
        sa.Column('lawyer_name', sa.String(length=200), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_consents_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consents_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index('ix_consents_case_destination', ['case_id', 'destination', 'id'], unique=False)

    for column, (destination, key, wording) in OLD_CONSENTS.items():
        op.execute(
            sa.text(
                'INSERT INTO consents (case_id, destination, granted, wording, wording_key, '
                'language, source, recorded_at) '
                f"SELECT id, :destination, {column}, :wording, :key, 'en', 'migrated', created_at "
                'FROM cases ORDER BY id'
            ).bindparams(destination=destination, wording=wording, key=key)
        )

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removal_proceedings', sa.Enum('yes', 'no', 'unknown', 'declined', name='answer', native_enum=False), server_default='unknown', nullable=False))
        batch_op.add_column(sa.Column('linked_to_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_linked_to_id'), ['linked_to_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cases_linked_to_id_cases'), 'cases', ['linked_to_id'], ['id'])
        for column in OLD_CONSENTS:
            batch_op.drop_column(column)

    with op.batch_alter_table('filers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('authority', sa.Enum('written_consent', 'g28', 'ice_60_001', name='authoritykind', native_enum=False), nullable=True))
        batch_op.add_column(sa.Column('authority_status', sa.Enum('uploaded', 'to_follow', name='authoritystatus', native_enum=False), nullable=True))
        batch_op.add_column(sa.Column('authority_attachment_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_filers_authority_attachment_id_attachments'), 'attachments', ['authority_attachment_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('filers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_filers_authority_attachment_id_attachments'), type_='foreignkey')
        batch_op.drop_column('authority_attachment_id')
        batch_op.drop_column('authority_status')
        batch_op.drop_column('authority')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        for column in OLD_CONSENTS:
            batch_op.add_column(sa.Column(column, sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint(batch_op.f('fk_cases_linked_to_id_cases'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_linked_to_id'))
        batch_op.drop_column('linked_to_id')
        batch_op.drop_column('removal_proceedings')

    for column, (destination, _key, _wording) in OLD_CONSENTS.items():
        op.execute(
            sa.text(
                f'UPDATE cases SET {column} = COALESCE(('
                'SELECT consents.granted FROM consents WHERE consents.case_id = cases.id '
                'AND consents.destination = :destination ORDER BY consents.id DESC LIMIT 1'
                f'), {column})'
            ).bindparams(destination=destination)
        )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for column in OLD_CONSENTS:
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index('ix_consents_case_destination')
    op.drop_table('consents')
