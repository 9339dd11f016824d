from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: worker leases, health and readiness, logs and metrics."""

    name = "masthead.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
