from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out


class ContactConfig(AppConfig):
    name = "masthead.contact"
    label = "contact"
    verbose_name = "Reader contact"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: these modules (may) import models, which
        # can only be imported once the app registry is ready.
        from masthead.accounts.services import reader_account_deleted
        from masthead.operations import health, metrics

        from .services.delivery import count_outbox_by_status, measure_outbox
        from .services.erasure import forget_deleted_reader
        from .services.presence import mark_staff_away_on_logout

        # A staff member who logs out has left the newsroom: readers chatting with
        # them must fall back to the email form at once, not minutes later.
        user_logged_out.connect(
            mark_staff_away_on_logout, dispatch_uid="contact-staff-away"
        )
        reader_account_deleted.connect(
            forget_deleted_reader, dispatch_uid="contact-forget-reader"
        )
        # /readyz and /metrics show the outbox backlog and failed deliveries.
        health.register_backlog("contact_outbox", measure_outbox)
        metrics.register_gauges(
            "contact_outbox",
            "Contact emails by status, and failed delivery attempts",
            count_outbox_by_status,
        )
