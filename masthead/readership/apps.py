from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    """Page views counted on the server, without cookies or personal records;
    the "Most read" lists and the editors' numbers."""

    name = "masthead.readership"
    label = "readership"
    verbose_name = "Readership"

    def ready(self):
        from django.conf import settings

        from masthead.core import periodic

        from .services import delete_old_counts, refresh_most_read

        # Lists change slowly; the pages showing them are purged only when the
        # ranking actually changed (``refresh_most_read``).
        periodic.register(
            "readership.refresh_most_read",
            refresh_most_read,
            every=settings.MASTHEAD_MOST_READ_REFRESH_SECONDS,
        )
        periodic.register("readership.delete_old_counts", delete_old_counts, every=3600)
