"""A comment's text: cleaned on the way in, escaped and linked on the way out.

Plain values in and out, no models: tested without a database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Control characters (C0, DEL, C1) other than newline and tab, plus the
# bidirectional overrides and zero-width characters that can make a comment
# read differently from what it contains.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_BLANK_LINES = re.compile(r"\n{3,}")
# Plain URLs and bare www. addresses; both count as links for the spam rule.
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
_TRAILING = ".,;:!?)]}'\""


def clean_comment_text(text: str) -> str:
    """Newlines made ``\\n`` (CRLF, CR), NFC, controls and invisible direction
    marks removed, spaces trimmed at line ends, at most one blank line in a row."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _UNWANTED.sub("", text).replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def count_links(text: str) -> int:
    return len(URL.findall(text))


def fingerprint(text: str) -> str:
    """Equal for texts that differ only in case, spacing or punctuation runs."""
    folded = " ".join(re.sub(r"[^\w\s]+", " ", text.casefold()).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _safe_href(candidate: str) -> str | None:
    """An http(s) address with a host and nothing a browser would misread, else None."""
    url = candidate if "://" in candidate else f"https://{candidate}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "\\" in url or not url.isprintable() or "@" in parts.netloc:
        return None
    return url


def _linkify_line(line: str) -> str:
    out: list[str] = []
    last = 0
    for match in URL.finditer(line):
        raw = match.group(0)
        stripped = raw.rstrip(_TRAILING)
        href = _safe_href(stripped)
        out.append(escape(line[last : match.start()]))
        if href is None:
            out.append(escape(raw))
        else:
            out.append(
                f'<a href="{escape(href)}" rel="nofollow ugc noopener">'
                f"{escape(stripped)}</a>{escape(raw[len(stripped) :])}"
            )
        last = match.end()
    out.append(escape(line[last:]))
    return "".join(out)


def render_comment_html(text: str) -> SafeString:
    """Paragraphs of escaped text (markup and script shown as typed), line
    breaks kept, plain http(s) addresses linked with rel="nofollow ugc noopener"."""
    paragraphs = [part for part in (text or "").split("\n\n") if part.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linkify_line(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - every piece of reader text went through escape()
