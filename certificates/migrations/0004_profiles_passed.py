"""Certificate.profiles_passed: the profiles passed as bits, filled from the profile rows."""

from django.db import migrations, models
from django.db.models import Case, Exists, OuterRef, Subquery, Sum, Value, When

# The profiles in the order of their bits (certificates.choices.PROFILE_BITS), as they were at this migration.
PROFILES = [
    "Core", "Firmware Management", "Smart Charging", "Reservation", "Local Authorization List Management",
    "Remote Trigger", "Advanced Security", "Advanced Device Management", "Advanced User Interface",
    "ISO 15118 support",
]  # fmt: skip


def fill(apps, schema_editor):
    """Set every certificate's bits in one UPDATE (one per profile would rewrite each row ten times)."""
    Certificate = apps.get_model("certificates", "Certificate")
    ProfileResult = apps.get_model("certificates", "ProfileResult")
    bit = Case(*(When(name=name, then=Value(1 << index)) for index, name in enumerate(PROFILES)), default=Value(0))
    mask = (
        ProfileResult.objects.filter(certificate=OuterRef("pk"), result="Pass")
        .order_by()
        .values("certificate")
        .annotate(mask=Sum(bit, distinct=True))
        .values("mask")
    )
    Certificate.objects.filter(Exists(mask)).update(profiles_passed=Subquery(mask))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_listing"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="profiles_passed",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="The profiles passed, one bit each (choices.PROFILE_BITS), kept in step with the profile "
                "rows by the services: the profile filter and facets read it instead of joining the rows.",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
