"""Errors raised while turning a document into a parsed certificate; each message is shown to the uploader."""


class CertificateError(Exception):
    """Base class: the document could not become a certificate record. ``str(exc)`` says why."""


class ExtractionError(CertificateError):
    """The file could not be read: empty, not a PDF or text, encrypted, damaged, or without a text layer."""


class ParseError(CertificateError):
    """The file was read but is not an OCA certificate, or lacks what every certificate has."""


class UploadRejected(CertificateError):
    """The upload itself is refused (empty, too large, not a PDF or text); nothing was stored."""
