from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "search"
    verbose_name = "Search and tags"

    def ready(self):
        from masthead.core import periodic

        from .services import refresh_search_words
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        # New stories' words are added on publish; the rebuild drops the words of
        # stories that went away and recounts how common each word is.
        periodic.register("search.refresh_words", refresh_search_words, every=3600)
