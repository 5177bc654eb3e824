from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Turns certificate documents (PDF or text) into parsed certificate records."""

    name = "ingest"
    verbose_name = "Ingest"

    def ready(self) -> None:
        """Register the pipeline's Celery tasks, which the services send by name (``ingest.services.PARSE_TASK``)."""
        from ingest import tasks  # noqa: F401
