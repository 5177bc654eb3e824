"""On PostgreSQL: statistics on each bit of ``profiles_passed``, and an index for the public list of one OCPP
version by date.

Without the statistics the planner guesses that a profile filter keeps 0.5% of the rows (it keeps a third
or more), and plans a filtered search with nested loops that take ten times longer. The index serves a
search or a profile filter within one version, which walks that version's certificates by date instead of
all of them. In a migration of their own: PostgreSQL builds no index in the transaction that filled 0004's
column.
"""

from django.db import migrations

BITS = 10  # one per profile of 0004's PROFILES; a later profile adds its statistics in its own migration
CREATE = [
    *(
        f"CREATE STATISTICS certificates_profile_bit_{bit} ON ((profiles_passed & {1 << bit})) "
        "FROM certificates_certificate"
        for bit in range(BITS)
    ),
    """CREATE INDEX certificates_public_version_date ON certificates_certificate
       (ocpp_version, certification_date DESC NULLS LAST, id DESC) WHERE is_current AND is_published""",
    "ANALYZE certificates_certificate",
]
DROP = [
    "DROP INDEX IF EXISTS certificates_public_version_date",
    *(f"DROP STATISTICS IF EXISTS certificates_profile_bit_{bit}" for bit in range(BITS)),
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_profiles_passed"),
    ]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
