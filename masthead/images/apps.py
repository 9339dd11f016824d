from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "masthead.images"
    label = "images"
    verbose_name = "Photos"

    def ready(self):
        from masthead.core.purge import register_shown_on_pages

        from .models import NewsImage

        # Photos with their captions, credits and alt text.
        register_shown_on_pages(NewsImage)
