from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "masthead.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        from masthead.core.purge import register_shown_on_pages

        from .models import Person

        # Bylines and author pages.
        register_shown_on_pages(Person)
