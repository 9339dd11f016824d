"""Oversized or malformed contact POSTs answered in the shape the box expects.

Django refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or with more than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields by raising while ``request.POST`` is read,
and the CSRF middleware reads it before any view runs: the reader would get a bare
HTML 400 the box can't show. ``within_post_limits`` therefore takes the CSRF check
into the view (``csrf_exempt`` outside, ``csrf_protect`` inside, so the check itself
is unchanged), reads the body first and answers a JSON error that states the limit
(issue 17). The contact form is five short fields, so its own limits are far below
Django's: ``safety.POST_MAX_BYTES`` and ``safety.POST_MAX_FIELDS``.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..services import safety


def format_kilobytes(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def check_post_limits(request) -> tuple[int, str] | None:
    """``(status, sentence)`` when the body is too big or can't be read, else None."""
    if request.method != "POST":
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = min(safety.POST_MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 1 << 62)
    too_big = (
        413,
        f"Your message was not sent: the form sent {format_kilobytes(length)}, "
        f"over the limit of {format_kilobytes(limit)} (a message may be up to "
        f"{safety.MESSAGE_MAX:,} characters).",
    )
    if length > limit:
        return too_big
    fields_limit = min(safety.POST_MAX_FIELDS, settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    too_many = (
        400,
        f"Your message was not sent: the form sent more than the limit of "
        f"{fields_limit:,} fields.",
    )
    try:
        count = sum(len(values) for values in request.POST.lists())
        count += len(request.FILES)
    except RequestDataTooBig:
        return too_big
    except (TooManyFieldsSent, TooManyFilesSent):
        return too_many
    except (MultiPartParserError, BadRequest, UnicodeDecodeError):
        return (
            400,
            "Your message was not sent: the form arrived malformed and could not be "
            "read. Please reload the page and try again.",
        )
    if count > fields_limit:
        return too_many
    return None


def within_post_limits(view):
    """Refuse an oversized or malformed POST with a JSON error before the view (and
    before the CSRF check, which would otherwise read it and fail in HTML)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        error = check_post_limits(request)
        if error is not None:
            status, sentence = error
            return JsonResponse(
                {"ok": False, "error": sentence, "errors": {}}, status=status
            )
        return protected(request, *args, **kwargs)

    return wrapper
