"""The certificate parser: pure Python, no Django. ``parse_certificate(text)`` returns a ``ParsedCertificate``."""

from certificates.domain.record import (
    ParsedCertificate,
    PerformanceMeasurement,
    PicsEntry,
    ProfileResult,
    Setting,
    Signatory,
)
from ingest.errors import ParseError
from ingest.parser.core import parse_certificate

PARSER_VERSION = "1.0.0"

__all__ = [
    "PARSER_VERSION",
    "ParseError",
    "ParsedCertificate",
    "PerformanceMeasurement",
    "PicsEntry",
    "ProfileResult",
    "Setting",
    "Signatory",
    "parse_certificate",
]
