"""Reports from readers; hide, delete, publish and ban by moderators; per-page
settings; erasure when a reader deletes their account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import text as comment_text
from ..models import Comment, CommentBan, CommentReport, CommentSettings
from .access import (
    CommentRefused,
    has_verified_email,
    is_newsroom,
    purge_story_comments,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from wagtail.models import Page

REPORT_REASON_MAX = 300
DELETED_READER = "Deleted reader"


def report_comment(*, comment: Comment, reporter: User, reason: str = "") -> bool:
    """Flag a visible comment for the moderators; False if this reader already
    had. Raises ``CommentRefused`` for one's own comment or a reader who may not
    comment."""
    if not reporter.is_authenticated:
        raise CommentRefused(_("Sign in to report a comment."), status=401)
    if comment.author_id == reporter.pk:
        raise CommentRefused(_("You cannot report your own comment."))
    if not comment.is_visible:
        raise CommentRefused(_("This comment is not shown any more."), status=404)
    if not is_newsroom(reporter) and not has_verified_email(reporter):
        raise CommentRefused(
            _("Confirm your email address to report comments."), status=403
        )
    reason = " ".join(comment_text.clean_comment_text(reason).split())
    if len(reason) > REPORT_REASON_MAX:
        raise CommentRefused(
            _("A reason is limited to %(limit)s characters (yours has %(count)s).")
            % {"limit": REPORT_REASON_MAX, "count": f"{len(reason):,}"},
            limit=REPORT_REASON_MAX,
        )
    with transaction.atomic():
        _report, created = CommentReport.objects.get_or_create(
            comment=comment, reporter=reporter, defaults={"reason": reason}
        )
        if created:
            Comment.objects.filter(pk=comment.pk).update(
                report_count=F("report_count") + 1
            )
    return created


def _moderate(comment: Comment, *, status: str, moderator: User, **extra) -> None:
    was_visible = comment.is_visible
    with transaction.atomic():
        comment.status = status
        comment.moderated_at = timezone.now()
        comment.moderated_by = moderator
        for name, value in extra.items():
            setattr(comment, name, value)
        comment.save()
        if was_visible != comment.is_visible:
            purge_story_comments(comment.page_id)


def approve_comment(*, comment: Comment, moderator: User) -> None:
    """Publish a held or hidden comment; its reports are dismissed."""
    comment.reports.all().delete()
    _moderate(
        comment, status=Comment.Status.PUBLISHED, moderator=moderator, report_count=0
    )


def hide_comment(*, comment: Comment, moderator: User) -> None:
    _moderate(comment, status=Comment.Status.HIDDEN, moderator=moderator)


def delete_comment(*, comment: Comment, moderator: User) -> None:
    """Remove the text for good; the row stays so replies and counts stay whole."""
    comment.reports.all().delete()
    _moderate(
        comment,
        status=Comment.Status.DELETED,
        moderator=moderator,
        body="",
        report_count=0,
    )


def ban_commenter(*, user: User, moderator: User, reason: str = "") -> None:
    """Stop ``user`` commenting and hide what they have waiting for moderation."""
    if user.pk == moderator.pk:
        raise CommentRefused(_("You cannot ban yourself."))
    with transaction.atomic():
        CommentBan.objects.update_or_create(
            user=user, defaults={"banned_by": moderator, "reason": reason[:300]}
        )
        Comment.objects.filter(author=user, status=Comment.Status.PENDING).update(
            status=Comment.Status.HIDDEN,
            moderated_at=timezone.now(),
            moderated_by=moderator,
        )


def lift_ban(*, user: User) -> None:
    CommentBan.objects.filter(user=user).delete()


def set_comment_settings(
    *, page: Page, comments_closed: bool | None = None, moderation: str | None = None
) -> CommentSettings:
    row, _created = CommentSettings.objects.get_or_create(page_id=page.pk)
    if comments_closed is not None and comments_closed != row.comments_closed:
        row.comments_closed = comments_closed
        purge_story_comments(page.pk)  # the signed-out thread says "closed"
    if moderation is not None:
        if moderation not in CommentSettings.Moderation.values:
            raise ValueError(f"unknown moderation mode {moderation!r}")
        row.moderation = moderation
    row.save()
    return row


def anonymise_comments_by(*, user: User) -> int:
    """A reader deleted their account: their comments stay, under no name and
    linked to no account; their reports and ban go. Returns comments changed."""
    shown = Comment.objects.filter(author=user)
    for page_id in set(shown.visible().values_list("page_id", flat=True)):
        purge_story_comments(page_id)  # the signed-out thread shows the old name
    changed = shown.update(author=None, author_name=DELETED_READER)
    CommentReport.objects.filter(reporter=user).delete()
    CommentBan.objects.filter(user=user).delete()
    return changed
