"""Posting: cleaning, the spam rules, rate limits, threading; reading the thread.

Limits are read from ``settings.MASTHEAD_COMMENTS_*`` when called; refusals raise
``CommentRefused`` with a sentence that states the limit and the HTTP status.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masthead.core.ratelimit import is_rate_limited

from .. import text as comment_text
from ..models import Comment
from .access import (
    CommentRefused,
    is_newsroom,
    moderation_mode_for,
    purge_story_comments,
    why_cannot_comment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from wagtail.models import Page

NAME_MAX = 60


@dataclass
class Posted:
    comment: Comment
    held_reasons: list[str] = field(default_factory=list)

    @property
    def is_published(self) -> bool:
        return self.comment.status == Comment.Status.PUBLISHED


def clean_author_name(name: str) -> str:
    name = " ".join(comment_text.clean_comment_text(name).split())
    if not name:
        raise CommentRefused(_("Give a name to show with your comment."), code="name")
    if len(name) > NAME_MAX:
        raise CommentRefused(
            _("Names are limited to %(limit)s characters (yours has %(count)s).")
            % {"limit": NAME_MAX, "count": f"{len(name):,}"},
            code="name",
            limit=NAME_MAX,
        )
    return name


def _too_long(limit: int, count: int) -> str:
    return _("Comments are limited to %(limit)s characters (yours has %(count)s).") % {
        "limit": f"{limit:,}",
        "count": f"{count:,}",
    }


def clean_body(body: str) -> str:
    limit = settings.MASTHEAD_COMMENTS_MAX_CHARS
    # Measured before cleaning too: a 10 kB post is refused whatever it contains.
    if len(body or "") > limit * 2:
        raise CommentRefused(
            _too_long(limit, len(body)),
            status=413,
            code="too_long",
            limit=limit,
        )
    cleaned = comment_text.clean_comment_text(body)
    if not cleaned:
        raise CommentRefused(_("Write something before posting."), code="empty")
    if len(cleaned) > limit:
        raise CommentRefused(
            _too_long(limit, len(cleaned)),
            status=413,
            code="too_long",
            limit=limit,
        )
    return cleaned


def _hit_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one post; True once more than ``limit`` fell in this window."""
    return is_rate_limited(f"comments:{key}", limit=limit, window=window)


def _window_words(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    return ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds}


def check_rate_limits(*, user: User, ip: str) -> None:
    """Raise ``CommentRefused`` (429) when the account or the address posted too
    often in the current window. The address is kept only as a hash, in the cache."""
    window = settings.MASTHEAD_COMMENTS_RATE_WINDOW_SECONDS
    per_account = settings.MASTHEAD_COMMENTS_PER_ACCOUNT
    per_ip = settings.MASTHEAD_COMMENTS_PER_IP
    if _hit_limit(f"user:{user.pk}", limit=per_account, window=window):
        raise CommentRefused(
            _(
                "You can post %(limit)s comments every %(window)s. "
                "Please wait a little before posting again."
            )
            % {"limit": per_account, "window": _window_words(window)},
            status=429,
            code="rate_account",
            limit=per_account,
            window_seconds=window,
        )
    address = hashlib.sha256((ip or "unknown").encode()).hexdigest()[:32]
    if _hit_limit(f"ip:{address}", limit=per_ip, window=window):
        raise CommentRefused(
            _(
                "Too many comments from your network: %(limit)s every %(window)s. "
                "Please wait a little before posting again."
            )
            % {"limit": per_ip, "window": _window_words(window)},
            status=429,
            code="rate_ip",
            limit=per_ip,
            window_seconds=window,
        )


def find_held_reasons(
    *, user: User, story: Page, body: str, fingerprint: str
) -> list[str]:
    """Why a new comment should wait for a moderator (none: publish at once)."""
    reasons = []
    if moderation_mode_for(story) == "pre":
        reasons.append("pre-moderated section")
    if is_newsroom(user):
        return reasons
    max_links = settings.MASTHEAD_COMMENTS_MAX_LINKS
    if comment_text.count_links(body) > max_links:
        reasons.append(f"more than {max_links} links")
    minutes = settings.MASTHEAD_COMMENTS_NEW_ACCOUNT_MINUTES
    if user.date_joined > timezone.now() - timedelta(minutes=minutes):
        reasons.append(f"account younger than {minutes} minutes")
    others = (
        Comment.objects.filter(
            fingerprint=fingerprint, created_at__gte=timezone.now() - timedelta(days=1)
        )
        .exclude(author=user)
        .count()
    )
    if others >= settings.MASTHEAD_COMMENTS_REPEATS_HELD_AFTER:
        reasons.append("same text posted by other accounts")
    return reasons


def post_comment(
    *,
    story: Page,
    author: User,
    body: str,
    name: str,
    parent_id: int | None = None,
    ip: str = "",
) -> Posted:
    """Post a comment or a reply (to a top-level comment only).

    Checks, in order: may this reader comment here, name and text, the reply
    target, the same reader repeating themselves, the rate limits; then holds it
    for moderation or publishes it, and purges the story's count on commit when
    readers can see it. Raises ``CommentRefused``.
    """
    reason = why_cannot_comment(author, story)
    if reason is not None:
        status = 401 if not author.is_authenticated else 403
        raise CommentRefused(reason, status=status, code="not_allowed")
    name = clean_author_name(name)
    body = clean_body(body)
    parent = None
    if parent_id is not None:
        parent = (
            Comment.objects.visible().filter(pk=parent_id, page_id=story.pk).first()
        )
        if parent is None:
            raise CommentRefused(_("The comment you reply to is not here any more."))
        if parent.parent_id is not None:
            raise CommentRefused(
                _(
                    "Replies go one level deep: reply to the first comment of "
                    "the thread."
                )
            )
    print_ = comment_text.fingerprint(body)
    if Comment.objects.filter(
        author=author,
        fingerprint=print_,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).exists():
        raise CommentRefused(_("You already posted this comment."), code="repeat")
    check_rate_limits(user=author, ip=ip)
    held = find_held_reasons(user=author, story=story, body=body, fingerprint=print_)
    with transaction.atomic():
        comment = Comment.objects.create(
            page_id=story.pk,
            parent=parent,
            author=author,
            author_name=name,
            is_staff_reply=is_newsroom(author),
            body=body,
            fingerprint=print_,
            status=Comment.Status.PENDING if held else Comment.Status.PUBLISHED,
            held_reason="; ".join(held)[:200],
        )
        if not held:
            purge_story_comments(story.pk)
    return Posted(comment=comment, held_reasons=held)


def count_visible(page_id: int) -> int:
    return Comment.objects.on(page_id).visible().count()


THREAD_LIMIT = 300  # top-level comments shown; the oldest first


def list_thread(*, story: Page, viewer: User | AnonymousUser) -> list[Comment]:
    """Top-level comments readers see, each with ``shown_replies``; a signed-in
    reader also sees their own comments waiting for moderation. Two queries."""
    from django.db.models import Q

    shown = Q(status=Comment.Status.PUBLISHED)
    if viewer.is_authenticated:
        shown |= Q(author_id=viewer.pk, status=Comment.Status.PENDING)
    top = list(
        Comment.objects.on(story.pk)
        .top_level()
        .filter(shown)
        .order_by("created_at", "pk")[:THREAD_LIMIT]
    )
    replies: dict[int, list[Comment]] = {item.pk: [] for item in top}
    if top:
        for reply in (
            Comment.objects.filter(parent_id__in=list(replies))
            .filter(shown)
            .order_by("created_at", "pk")
        ):
            replies[reply.parent_id].append(reply)
    for item in top:
        item.shown_replies = replies[item.pk]
    return top


def suggest_author_name(user: User | AnonymousUser) -> str:
    """The name this reader used last, else their account's name, else nothing."""
    if not user.is_authenticated:
        return ""
    last = (
        Comment.objects.filter(author=user)
        .order_by("-created_at")
        .values_list("author_name", flat=True)
        .first()
    )
    if last:
        return last
    return " ".join(part for part in (user.first_name, user.last_name) if part)[
        :NAME_MAX
    ]
