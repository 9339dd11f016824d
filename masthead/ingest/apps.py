from django.apps import AppConfig
from django.conf import settings


class IngestConfig(AppConfig):
    name = "masthead.ingest"
    label = "ingest"
    verbose_name = "Import"

    def ready(self):
        from masthead.core import periodic

        from .polling import poll_feeds

        every = getattr(settings, "MASTHEAD_INGEST_POLL_SECONDS", 600)
        periodic.register("ingest.poll_feeds", poll_feeds, every=every)
