from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """The registry: certificates, their holders and labs, and what each certificate records."""

    name = "certificates"
    verbose_name = "Certificates"

    def ready(self) -> None:
        """Any saved or deleted record of the registry starts a new generation of the read cache; each new
        PostgreSQL connection gets the search's typo tolerance. Registers the deployment checks."""
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from certificates import checks  # noqa: F401 (registers the deployment checks)
        from certificates.search import tune_connection

        connection_created.connect(tune_connection, dispatch_uid="registry-search-tuning")

        from certificates import models
        from certificates.caching import registry_changed

        def changed(**kwargs: object) -> None:
            registry_changed()

        for model in (
            models.Certificate,
            models.Holder,
            models.Lab,
            models.HolderAlias,
            models.LabAlias,
            models.ProfileResult,
            models.PerformanceMeasurement,
            models.LimitSetting,
            models.Signatory,
        ):
            post_save.connect(changed, sender=model, dispatch_uid=f"registry-changed-save-{model.__name__}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"registry-changed-delete-{model.__name__}")
