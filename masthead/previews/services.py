"""Making, finding and revoking preview links for drafts.

A link is ``/preview/<secret>.<signature>/``. The secret is random and only its
SHA-256 is stored; the signature (Django's signing, keyed by ``SECRET_KEY``) lets
a mistyped or made-up link be refused without a database query, and rotating
the key retires every link at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from .models import PreviewLink

DEFAULT_DAYS = 7
DAY_CHOICES = (1, 3, 7, 14, 30)
SALT = "masthead.previews"
# "." is not in the URL-safe base64 alphabet of the secret or the signature.
SEPARATOR = "."


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=SEPARATOR)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def can_share_preview(user, page: Page) -> bool:
    """Only someone who may edit the page may show its draft to others."""
    return bool(user.is_authenticated and page.permissions_for_user(user).can_edit())


def create_preview_link(
    *, page: Page, user, days: int = DEFAULT_DAYS, now: datetime | None = None
) -> tuple[PreviewLink, str]:
    """A new link to ``page``'s latest revision, valid for ``days`` days.

    Returns the link and its token (the URL part); the token is not stored and
    cannot be shown again. Raises ``PermissionDenied`` when ``user`` may not edit
    the page and ``ValueError`` for a lifetime outside ``DAY_CHOICES``.
    """
    if not can_share_preview(user, page):
        raise PermissionDenied("You may not share a preview of this page.")
    if days not in DAY_CHOICES:
        raise ValueError(f"A preview link lasts one of {DAY_CHOICES} days.")
    now = now or timezone.now()
    secret = secrets.token_urlsafe(24)
    with transaction.atomic():
        link = PreviewLink.objects.create(
            page=page,
            token_hash=hash_secret(secret),
            created_by=user,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    return link, _signer().sign(secret)


def revoke_preview_link(
    *, link: PreviewLink, user, now: datetime | None = None
) -> PreviewLink:
    """Stop ``link`` working from now on (idempotent). Raises ``PermissionDenied``
    when ``user`` may not edit its page."""
    if not can_share_preview(user, link.page):
        raise PermissionDenied("You may not revoke this preview link.")
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def find_preview_link(token: str) -> PreviewLink | None:
    """The link ``token`` names, whatever its state, or None for a token that is
    badly signed or names no link."""
    try:
        secret = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return (
        PreviewLink.objects.select_related("page")
        .filter(token_hash=hash_secret(secret))
        .first()
    )


def preview_path(token: str) -> str:
    return reverse("previews:show", kwargs={"token": token})


def links_for_page(page: Page) -> list[PreviewLink]:
    return list(PreviewLink.objects.filter(page=page).select_related("created_by")[:50])
