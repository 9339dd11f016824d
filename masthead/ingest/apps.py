from django.apps import AppConfig
from django.conf import settings


class IngestConfig(AppConfig):
    name = "masthead.ingest"
    label = "ingest"
    verbose_name = "Import"

    def ready(self):
        from masthead.core import periodic

        from .placeholders import fill_missing_figures
        from .polling import poll_feeds
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        every = getattr(settings, "MASTHEAD_INGEST_POLL_SECONDS", 600)
        periodic.register("ingest.poll_feeds", poll_feeds, every=every)
        # Pictures that could not be fetched on import, tried again into their
        # placeholders.
        periodic.register(
            "ingest.fill_missing_figures",
            fill_missing_figures,
            every=getattr(settings, "MASTHEAD_INGEST_PICTURE_RETRY_SECONDS", 900),
        )
