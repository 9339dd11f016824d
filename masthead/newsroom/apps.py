from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "masthead.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom roles and review"

    def ready(self):
        from django.db.models.signals import post_migrate

        from masthead.core import periodic

        from .services import publish_scheduled_content

        # Within a minute of go_live_at / expire_at, with no cron: the worker runs it.
        periodic.register(
            "newsroom.publish_scheduled", publish_scheduled_content, every=15
        )
        # Re-applied after every migrate (and after a test flush), so roles and the
        # review workflow exist even when the data was wiped after the migration ran.
        post_migrate.connect(
            _ensure_after_migrate, sender=self, dispatch_uid="newsroom-ensure"
        )


def _ensure_after_migrate(sender, using="default", **kwargs):
    from .services import ensure_newsroom

    ensure_newsroom(using=using)
