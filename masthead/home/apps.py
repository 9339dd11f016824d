from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "masthead.home"
    label = "home"
    verbose_name = "Front page"
