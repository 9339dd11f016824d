"""Header lines some scrapes carry between headline and body: byline, date, standfirst.

Each reader takes one line and returns None when the line is not of its kind, so
the caller can fall back to treating it as a paragraph. None of them raise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ZONES = {
    "gmt": 0, "utc": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
    "pst": -8, "pdt": -7, "ist": 5.5, "wib": 7, "jst": 9, "kst": 9,
}  # fmt: skip

_PREFIX = (
    r"(?:(?P<prefix>(?:first )?published|(?:last )?updated|posted|date)"
    r"(?: on)?\s*:?\s*)?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:,?\s*(?:at\s+|-\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"\s*(?P<ampm>[ap]\.?m\.?)?\s*"
    r"(?P<zone>gmt|utc|bst|cet|cest|z|est|edt|cst|cdt|mst|mdt|pst|pdt|ist|wib|jst|kst)?)?"
)
_WORD_DATE = re.compile(
    _PREFIX
    + _WEEKDAY
    + r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9})\.?"
    + r"|(?P<month2>[a-z]{3,9})\.?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)"
    + r",?\s+(?P<year>\d{4})"
    + _TIME,
    re.IGNORECASE,
)
_ISO_DATE = re.compile(
    _PREFIX
    + r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    + r"(?:Z|[+-]\d{2}:?\d{2})?)?)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"(?:By|BY|Por|POR|Von|VON|Par|PAR|Door|di|Di|DI|av|Av|Autor:|Autora:|Автор:|"
    r"Yazan:)\s+"
    r"(?P<names>.+?)\.?"
)
_BYLINE_CONTACT = re.compile(r"\s*(?:[|•·,]\s*)?\S+@\S+\.\w+\s*$")
_BYLINE_PLACE = re.compile(r"\s+(?:in|at|for|from)\s+.*$")
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|e|y|et|und|en|i|и|ve)\s+|\s*&\s*")
_PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "la", "le", "di", "da"}
# Words that make a capitalised phrase an outlet or a job, not a person.
_NOT_PERSON = {
    "agencies", "agency", "affairs", "analyst", "bureau", "business", "chief",
    "columnist", "correspondent", "desk", "editor", "economics", "foreign",
    "health", "media", "news", "newsroom", "online", "political", "politics",
    "post", "press", "producer", "reporter", "reporters", "science", "senior",
    "service", "staff", "team", "technology", "times", "wire", "writer",
}  # fmt: skip
_STANDFIRST = re.compile(
    r"(?:standfirst|summary|intro|deck|subheading)\s*[:|–—-]\s*(?P<text>.+)",
    re.IGNORECASE,
)


def read_date_line(line: str) -> tuple[str, bool] | None:
    """``(ISO 8601 date or date-time, is_update)`` for a line that is only a date.

    Accepts ``3 May 2019``, ``Friday 3 May 2019, 14:05 BST``, ``May 3, 2019``,
    ``Published: 2019-05-03T12:00:00Z`` and the like. Impossible dates (30 Feb)
    give None.
    """
    if len(line) > 80:
        return None
    match = _ISO_DATE.fullmatch(line)
    if match:
        try:
            value = datetime.fromisoformat(match.group("iso"))
        except ValueError:
            return None
        text = value.date().isoformat() if len(match.group("iso")) == 10 else None
        return text or value.isoformat(), _is_update(match.group("prefix"))
    match = _WORD_DATE.fullmatch(line)
    if match is None:
        return None
    month = _MONTHS.get((match.group("month") or match.group("month2")).lower())
    if month is None:
        return None
    try:
        day = date(
            int(match.group("year")),
            month,
            int(match.group("day") or match.group("day2")),
        )
        text = _format_with_time(day, match)
    except ValueError:
        return None
    return text, _is_update(match.group("prefix"))


def read_byline(line: str) -> tuple[str, ...] | None:
    """Author names from ``By Jane Doe and John Smith``, or None for other lines.

    Job titles and outlets after a comma (``By Jane Doe, BBC News``) are dropped;
    an outlet alone (``By Reuters``) is kept as the author.
    """
    words = len(line.split())
    # "By Monday, the talks had stalled." is a sentence, not a byline.
    if words > 15 or (words > 4 and line.rstrip().endswith((".", "!", "?"))):
        return None
    # "By Dana Whitfield | dwhitfield@example.org": the contact is not a name.
    line = _BYLINE_CONTACT.sub("", line).strip()
    match = _BYLINE.fullmatch(line)
    if match is None:
        return None
    names = _BYLINE_PLACE.sub("", match.group("names"))
    phrases = [part for part in _NAME_SPLIT.split(names) if _is_capitalised(part)]
    if not phrases:
        return None
    people = [p for p in phrases if not set(p.lower().split()) & _NOT_PERSON]
    return tuple(people or phrases)


def read_standfirst(line: str) -> str | None:
    """The text of an explicitly marked standfirst (``Summary: …``), else None."""
    match = _STANDFIRST.fullmatch(line)
    return match.group("text").strip() if match else None


def _is_capitalised(phrase: str) -> bool:
    words = phrase.split()
    return (
        0 < len(words) <= 5
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in _PARTICLES for w in words)
    )


def _is_update(prefix: str | None) -> bool:
    return prefix is not None and "updated" in prefix.lower()


def _format_with_time(day: date, match: re.Match[str]) -> str:
    if match.group("hour") is None:
        return day.isoformat()
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    zone = match.group("zone")
    tz = timezone(timedelta(hours=_ZONES[zone.lower()])) if zone else None
    # datetime() raises ValueError for 25:00; the caller turns that into None.
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).isoformat()
