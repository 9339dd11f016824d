from django.apps import AppConfig


class PreviewsConfig(AppConfig):
    name = "masthead.previews"
    label = "previews"
    verbose_name = "Draft preview links"
