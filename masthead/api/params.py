"""Query parameters of the API, checked before anything is read. Pure: plain
values in, plain values (or an ``ApiError``) out; no model imports.

Every list is read newest first by (first_published_at, id), one page at a time
after an opaque cursor: there are no offsets, so no request can ask the database
to skip a million rows. A cursor is signed (it cannot be forged or edited) and
bound to the filters it was made for.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from django.core import signing
from django.utils.dateparse import parse_date, parse_datetime

CURSOR_SALT = "masthead.api.cursor"
MAX_CURSOR_LENGTH = 300
MAX_VALUE_LENGTH = 255
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Named in every "unknown parameter" answer: paging is by cursor only.
REFUSED_PAGING = ("offset", "page", "skip", "start")


class ApiError(Exception):
    """A request the API refuses: answered as JSON with ``status``."""

    def __init__(self, status: int, code: str, message: str, **details):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, **self.details}}


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    pk: int


@dataclass(frozen=True)
class StoryQuery:
    section: str = ""
    tag: str = ""
    author: str = ""
    language: str = ""
    published_after: datetime | None = None
    published_before: datetime | None = None
    limit: int = 20
    after: Cursor | None = None
    # The query's canonical form, for the cache key (same meaning, same key).
    canonical: str = field(default="", compare=False)

    def filters_fingerprint(self) -> str:
        return fingerprint(
            self.section,
            self.tag,
            self.author,
            self.language,
            self.published_after,
            self.published_before,
        )


def fingerprint(*filters) -> str:
    text = "|".join("" if value is None else str(value) for value in filters)
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


STORY_PARAMS = (
    "section",
    "tag",
    "author",
    "language",
    "published_after",
    "published_before",
    "limit",
    "cursor",
)


def single_values(query, allowed: tuple[str, ...]) -> dict[str, str]:
    """``query`` (a QueryDict or a dict of lists) as one value per name, or 400:
    a name not in ``allowed`` (the answer lists them) or given twice."""
    names = list(query.keys())
    unknown = sorted(name for name in names if name not in allowed)
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        if any(name in REFUSED_PAGING for name in unknown):
            message = f"Unknown query parameter: {shown}. Pages are read with "
            message += "'cursor' only (the 'next' link of each answer)."
        else:
            message = f"Unknown query parameter: {shown}."
        raise ApiError(400, "unknown_parameter", message, allowed=list(allowed))
    values = {}
    for name in names:
        given = query.getlist(name) if hasattr(query, "getlist") else query[name]
        if len(given) != 1:
            raise ApiError(
                400,
                "repeated_parameter",
                f"Give '{name}' once, not {len(given)} times.",
            )
        value = given[0]
        if len(value) > MAX_VALUE_LENGTH and name != "cursor":
            raise ApiError(
                400,
                "invalid_parameter",
                f"'{name}' is longer than {MAX_VALUE_LENGTH} characters.",
            )
        values[name] = value
    return values


def parse_slug(name: str, value: str) -> str:
    if not SLUG.match(value):
        raise ApiError(
            400,
            "invalid_parameter",
            f"'{name}' must be a slug (letters, digits, '-' and '_').",
        )
    return value.lower()


def parse_moment(name: str, value: str) -> datetime:
    """An ISO 8601 date or date-time; a date means its midnight, UTC, and a
    date-time without an offset is read as UTC."""
    moment = None
    try:
        if "T" in value or " " in value:
            moment = parse_datetime(value)
        else:
            day = parse_date(value)
            if isinstance(day, date):
                moment = datetime(day.year, day.month, day.day)
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(
            400,
            "invalid_parameter",
            f"'{name}' must be an ISO 8601 date or date-time, "
            "e.g. 2026-11-30 or 2026-11-30T09:00:00Z.",
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_limit(value: str | None, *, default: int, maximum: int) -> int:
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        raise ApiError(
            400,
            "invalid_parameter",
            f"'limit' must be a whole number from 1 to {maximum}.",
            max_limit=maximum,
        )
    limit = int(value)
    if limit < 1 or limit > maximum:
        raise ApiError(
            400,
            "limit_too_large" if limit > maximum else "invalid_parameter",
            f"'limit' must be from 1 to {maximum}; {limit} asked.",
            max_limit=maximum,
        )
    return limit


def make_cursor(published_at: datetime, pk: int, filters: str) -> str:
    return signing.dumps(
        [published_at.astimezone(UTC).isoformat(), pk, filters], salt=CURSOR_SALT
    )


def read_cursor(value: str, filters: str) -> Cursor:
    """The position a cursor names, or 400 when it is malformed, edited or was
    made for other filters."""
    invalid = ApiError(
        400,
        "invalid_cursor",
        "'cursor' is not valid for this query: start again from the first page "
        "and follow the 'next' links.",
    )
    if len(value) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        moment, pk, made_for = signing.loads(value, salt=CURSOR_SALT)
        published_at = datetime.fromisoformat(moment)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid from None
    if made_for != filters or not isinstance(pk, int) or published_at.tzinfo is None:
        raise invalid
    return Cursor(published_at=published_at, pk=pk)


def parse_language(value: str, languages: tuple[str, ...]) -> str:
    code = value.lower()
    if code not in languages:
        raise ApiError(
            400,
            "invalid_parameter",
            f"'language' must be one of: {', '.join(languages)}.",
            allowed=list(languages),
        )
    return code


def parse_story_query(
    query, *, default_limit: int, max_limit: int, languages: tuple[str, ...] = ()
) -> StoryQuery:
    """The story list's parameters, checked; ``ApiError`` (400) for anything else.
    ``languages`` are the content languages a ``language`` filter may name."""
    values = single_values(query, STORY_PARAMS)
    after = before = None
    if "published_after" in values:
        after = parse_moment("published_after", values["published_after"])
    if "published_before" in values:
        before = parse_moment("published_before", values["published_before"])
    if after and before and after >= before:
        raise ApiError(
            400,
            "invalid_parameter",
            "'published_after' must be earlier than 'published_before'.",
        )
    parsed = StoryQuery(
        section=parse_slug("section", values["section"]) if "section" in values else "",
        tag=parse_slug("tag", values["tag"]) if "tag" in values else "",
        author=parse_slug("author", values["author"]) if "author" in values else "",
        language=(
            parse_language(values["language"], languages)
            if "language" in values
            else ""
        ),
        published_after=after,
        published_before=before,
        limit=parse_limit(
            values.get("limit"), default=default_limit, maximum=max_limit
        ),
    )
    cursor = values.get("cursor")
    if cursor is not None:
        parsed = replace(
            parsed, after=read_cursor(cursor, parsed.filters_fingerprint())
        )
    return replace(parsed, canonical=query_string(parsed, cursor or ""))


def query_string(query: StoryQuery, cursor: str) -> str:
    """``query`` with ``cursor`` as a query string, in one canonical order and
    spelling: the next page's link, and the cache key (same meaning, same key)."""
    params = {
        "section": query.section,
        "tag": query.tag,
        "author": query.author,
        "language": query.language,
        "published_after": (
            query.published_after.isoformat() if query.published_after else ""
        ),
        "published_before": (
            query.published_before.isoformat() if query.published_before else ""
        ),
        "limit": str(query.limit),
        "cursor": cursor,
    }
    return urlencode([(k, v) for k, v in params.items() if v])
