from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    """Stories in several languages (issue 20): the language from the URL prefix,
    each story's translations linked, and a missing translation falling back to
    the default language."""

    name = "masthead.languages"
    label = "languages"
    verbose_name = "Languages"

    def ready(self):
        from wagtail.models import Locale

        from masthead.core.purge import register_shown_on_pages

        from . import services, signal_handlers

        # Every page looks up the active locale to route; a change to the list
        # of locales changes every page's URLs and links.
        register_shown_on_pages(Locale)
        services.install_remembered_locales()
        signal_handlers.connect()
