"""``manage.py reparse``: documents read by another parser version, or all, parsed again."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from ingest.models import SourceDocument
from ingest.parser import PARSER_VERSION
from tests.helpers import SEEDS

# The command commits as it goes and each re-parse runs on commit: real transactions here.
pytestmark = pytest.mark.django_db(transaction=True)


def test_it_reparses_what_an_older_parser_read(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("ingest", str(SEEDS))
    SourceDocument.objects.filter(filename__startswith="000").update(parser_version="0.9.0")
    Certificate.objects.filter(number="OCA.0016.0009.CSMS").update(holder_name="stale")
    capsys.readouterr()
    call_command("reparse")
    assert capsys.readouterr().out.strip() == f"1 document(s) queued for parsing with parser {PARSER_VERSION}"
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS").holder_name == "Meshcrafts AS"
    assert set(SourceDocument.objects.values_list("parser_version", flat=True)) == {PARSER_VERSION}


def test_all_reparses_every_document_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("ingest", str(SEEDS))
    capsys.readouterr()
    call_command("reparse", "--all")
    assert capsys.readouterr().out.strip().startswith("5 document(s) queued")
    assert Certificate.objects.count() == 5
    assert set(SourceDocument.objects.values_list("attempts", flat=True)) == {2}
