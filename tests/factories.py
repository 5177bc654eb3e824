"""Certificates made directly in the database, for tests that need many rows fast."""

from __future__ import annotations

from datetime import date, timedelta

from certificates.domain.names import name_key
from certificates.domain.profiles import PROFILE_BITS
from certificates.models import Certificate, Holder, HolderAlias, Lab, LabAlias, ProfileResult
from certificates.search import certificates_search_reindex


def make_certificates(count: int, *, prefix: str = "9") -> list[Certificate]:
    """Create ``count`` published CSMS certificates of two holders and one lab, with two profiles each.

    Numbers are ``OCA.0016.{prefix}NNN.CSMS``; dates go back a day per certificate from 2024-06-30.
    """
    lab = Lab.objects.create(name="Synthetic Test Lab")
    LabAlias.objects.create(lab=lab, name=lab.name, key=name_key(lab.name))
    holders = []
    for name in (f"Alpha Charge {prefix} GmbH", f"Beta Energy {prefix} B.V."):
        holder = Holder.objects.create(name=name)
        HolderAlias.objects.create(holder=holder, name=name, key=name_key(name))
        holders.append(holder)
    certificates = Certificate.objects.bulk_create(
        Certificate(
            number=f"OCA.0016.{prefix}{n:03d}.CSMS",
            ocpp_version="1.6",
            product_type="CSMS",
            certificate_type="Core",
            holder=holders[n % 2],
            holder_name=holders[n % 2].name,
            product_designation=f"Backend {n}",
            software_version=f"{n}.0",
            certification_date=date(2024, 6, 30) - timedelta(days=n),
            lab=lab,
            test_lab_name=lab.name,
            profiles_passed=PROFILE_BITS["Core"],
        )
        for n in range(count)
    )
    ProfileResult.objects.bulk_create(
        ProfileResult(certificate=certificate, position=position, name=name, result=result)
        for certificate in certificates
        for position, (name, result) in enumerate((("Core", "Pass"), ("Smart Charging", "Not Tested")))
    )
    certificates_search_reindex(queryset=Certificate.objects.filter(pk__in=[c.pk for c in certificates]))
    return certificates
