from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self):
        from taggit.models import Tag

        from masthead.core.purge import register_shown_on_pages

        # Stories are tagged with taggit's tags: their names show on stories and
        # tag pages.
        register_shown_on_pages(Tag)
