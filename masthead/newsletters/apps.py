from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletter lists, double opt-in signups, issues sent through the durable
    queue, one-click unsubscribe and suppressions that outlive a backup restore."""

    name = "masthead.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from django.db.models.signals import post_migrate

        from masthead.core import periodic

        from .services.sending import queue_due_issues

        # Scheduled issues go out within a minute of their time, with no cron.
        periodic.register("newsletters.queue_due_issues", queue_due_issues, every=30)
        # After the newsroom's own pass (its app is earlier in INSTALLED_APPS), so
        # the groups exist; re-run after every migrate and test flush.
        post_migrate.connect(
            _grant_after_migrate, sender=self, dispatch_uid="newsletters-grant"
        )


def _grant_after_migrate(sender, using="default", **kwargs):
    from .services.roles import grant_newsletter_permissions

    grant_newsletter_permissions(using=using)
