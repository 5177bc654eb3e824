"""The certificate services' profile bits: one per profile passed, refreshed after hand edits, in stored order."""

import pytest

from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_profiles_passed_has_the_bit_of_each_profile_passed_and_no_other(seeds: None) -> None:
    from certificates.domain.profiles import PROFILE_BITS, profiles_mask

    certificates = Certificate.objects.all()
    assert len(certificates) == 5
    for certificate in certificates:
        passed = [p.name for p in certificate.profiles.all() if p.result == "Pass"]
        assert passed, certificate.number
        assert certificate.profiles_passed == profiles_mask(passed)
        not_passed = {p.name for p in certificate.profiles.all()} - set(passed)
        assert not any(certificate.profiles_passed & PROFILE_BITS[name] for name in not_passed)


def test_profiles_refresh_follows_profile_rows_edited_by_hand() -> None:
    from certificates.domain.profiles import PROFILE_BITS
    from certificates.models import ProfileResult
    from certificates.services import certificate_profiles_refresh
    from tests.factories import make_certificates

    certificate = make_certificates(1)[0]
    assert certificate.profiles_passed == PROFILE_BITS["Core"]
    ProfileResult.objects.filter(certificate=certificate, name="Smart Charging").update(result="Pass")
    ProfileResult.objects.filter(certificate=certificate, name="Core").update(result="Fail")
    certificate_profiles_refresh(certificate=certificate)
    assert Certificate.objects.get(pk=certificate.pk).profiles_passed == PROFILE_BITS["Smart Charging"]


def test_the_migration_filled_the_bits_in_the_order_they_have_now() -> None:
    """The bits are stored: the backfill's order must stay the head of PROFILE_NAMES."""
    from importlib import import_module

    from certificates.domain.profiles import PROFILE_NAMES

    migration = import_module("certificates.migrations.0004_profiles_passed")
    assert list(PROFILE_NAMES)[: len(migration.PROFILES)] == migration.PROFILES
