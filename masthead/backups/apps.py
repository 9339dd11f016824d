from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`masthead backup` and `masthead restore`: the database and media together."""

    name = "masthead.backups"
    label = "backups"
    verbose_name = "Backups"
