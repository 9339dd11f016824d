"""Framework events connected to comment services (in ``CommentsConfig.ready``)."""

from . import services


def anonymise_deleted_reader(sender, user, **kwargs):
    # Sent inside the deletion's transaction, before the user row goes.
    services.anonymise_comments_by(user=user)


def ensure_moderators_after_migrate(sender, using="default", **kwargs):
    services.ensure_moderators(using=using)
