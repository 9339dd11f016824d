from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' comments under stories, moderated by the newsroom (issue 20)."""

    name = "masthead.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_migrate

        from masthead.accounts.services import reader_account_deleted

        from . import signal_handlers

        reader_account_deleted.connect(
            signal_handlers.anonymise_deleted_reader,
            dispatch_uid="comments-anonymise-deleted-reader",
        )
        # After every migrate and test flush, as the newsroom's roles are: the
        # permission row exists only once post_migrate has created it.
        post_migrate.connect(
            signal_handlers.ensure_moderators_after_migrate,
            sender=self,
            dispatch_uid="comments-ensure-moderators",
        )
