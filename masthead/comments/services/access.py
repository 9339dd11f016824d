"""Who may comment where, who moderates, and the refusal every service raises."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import CommentBan, CommentSettings

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from wagtail.models import Page

MODERATE_PERMISSION = "comments.moderate_comments"
# Newsroom roles (newsroom.roles) that moderate comments.
MODERATING_ROLES = ("Editor", "Admin")


class CommentRefused(Exception):
    """A post, reply or report that is not accepted; ``message`` is for the reader."""

    def __init__(
        self, message: str, *, status: int = 400, code: str = "invalid", **details
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details


def comment_count_key(page_id: int) -> str:
    """Surrogate key of one story's cached count and signed-out thread."""
    return f"comments:{page_id}"


def purge_story_comments(page_id: int) -> None:
    """Purge the story's cached count and signed-out thread once this commits."""
    from masthead.pagecache.services import purge_pages

    purge_pages(keys={comment_count_key(page_id)}, reason="comments changed")


def is_newsroom(user: User | AnonymousUser) -> bool:
    """Staff of the newsroom: their comments are marked, and never held as spam."""
    return bool(
        user.is_authenticated
        and (
            user.is_staff
            or user.is_superuser
            or user.has_perm("wagtailadmin.access_admin")
        )
    )


def can_moderate(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)
    )


def has_verified_email(user: User) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def is_banned(user: User) -> bool:
    return CommentBan.objects.filter(user=user).exists()


def find_story(page_id: int):
    """The published story readers may comment under, or None."""
    from masthead.articles.models import ArticlePage

    return ArticlePage.objects.published().filter(pk=page_id).first()


def get_page_settings(page: Page) -> CommentSettings | None:
    return CommentSettings.objects.filter(page_id=page.pk).first()


def are_comments_closed(story: Page) -> bool:
    row = get_page_settings(story)
    return bool(row and row.comments_closed)


def moderation_mode_for(story: Page) -> str:
    """ "pre" or "post": the nearest ancestor section (or the story) that chose one,
    else ``MASTHEAD_COMMENTS_MODERATION``."""
    path_ids = list(story.get_ancestors(inclusive=True).values_list("pk", flat=True))
    chosen = dict(
        CommentSettings.objects.filter(page_id__in=path_ids)
        .exclude(moderation="")
        .values_list("page_id", "moderation")
    )
    for page_id in reversed(path_ids):
        if page_id in chosen:
            return chosen[page_id]
    return settings.MASTHEAD_COMMENTS_MODERATION


def why_cannot_comment(
    user: User | AnonymousUser, story: Page, *, closed: bool | None = None
) -> str | None:
    """None when ``user`` may comment on ``story``, else the sentence to show."""
    if closed if closed is not None else are_comments_closed(story):
        return _("Comments are closed on this story.")
    if not user.is_authenticated:
        return _("Sign in to join the discussion.")
    if not user.is_active or is_banned(user):
        return _("You can no longer comment on this site.")
    if not is_newsroom(user) and not has_verified_email(user):
        return _("Confirm your email address to comment: follow the link we sent you.")
    return None


def ensure_moderators(*, using: str = "default") -> None:
    """Give the newsroom's Editor and Admin groups the moderation permission;
    idempotent. No group of its own: the newsroom keeps exactly its four roles
    (Wagtail's stock "Moderators" group is folded into Editor, newsroom migration
    0002), and an administrator may grant the permission to any other group."""
    from django.contrib.auth.models import Group, Permission

    permission = (
        Permission.objects.using(using)
        .filter(content_type__app_label="comments", codename="moderate_comments")
        .first()
    )
    if permission is None:
        return
    for group in Group.objects.using(using).filter(name__in=MODERATING_ROLES):
        group.permissions.add(permission)
