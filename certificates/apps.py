from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """The registry: certificates, their holders and labs, and what each certificate records."""

    name = "certificates"
    verbose_name = "Certificates"
