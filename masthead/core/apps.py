from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead site"

    def ready(self):
        from .models import NewsroomSettings
        from .purge import register_shown_on_pages

        # The site's name and contact details in every page's header and footer.
        register_shown_on_pages(NewsroomSettings)

        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401 - registers the site address check
            safe_versions,  # noqa: F401 - h-proofs: minimum safe versions
        )
        from .signal_handlers import apply_base_url_after_migrate

        # After every app's migrations (sender=self fires once, at the end).
        post_migrate.connect(apply_base_url_after_migrate, sender=self)
