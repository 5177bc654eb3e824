from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Turns certificate documents (PDF or text) into parsed certificate records."""

    name = "ingest"
    verbose_name = "Ingest"
