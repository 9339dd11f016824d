from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "masthead.contact"
    label = "contact"
    verbose_name = "Reader contact"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from masthead.accounts.services import reader_account_deleted

        from . import services

        # A staff member who logs out has left the newsroom: readers chatting with
        # them must fall back to the email form at once, not minutes later.
        user_logged_out.connect(
            services.mark_staff_away_on_logout, dispatch_uid="contact-staff-away"
        )
        reader_account_deleted.connect(
            services.forget_deleted_reader, dispatch_uid="contact-forget-reader"
        )
