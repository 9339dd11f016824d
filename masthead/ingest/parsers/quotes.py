"""Direct quotes with an attribution, found in body paragraphs.

Two shapes are read, with straight or curly double quotes:

* quote first: ``“…,” the US president tweeted.`` / ``“…,” said Jane Doe.``
* attribution first: ``Press secretary Sarah Sanders said: “…”``

A quotation with no speech verb beside it (a scare quote, “very rude”) is not a
quote. A pronoun speaker ("he said") gives speaker ``""``: who "he" is lives in
an earlier paragraph, and guessing would put words in the wrong mouth.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .parsed import ParsedQuote

_VERBS = (
    "said|says|tweeted|tweets|retweeted|posted|posts|wrote|writes|added|adds|told"
    "|tells|asked|asks|replied|replies|explained|explains|insisted|insists|warned"
    "|warns|argued|argues|stated|noted|continued|admitted|admits|claimed|claims"
    "|declared|announced|recalled|remarked|suggested|shouted|joked|concluded"
    "|responded|commented|confirmed|answered|cautioned|acknowledged|conceded"
    "|urged|pledged|promised|vowed|boasted|complained|predicted|revealed"
)
_POST_VERBS = {"tweeted", "tweets", "retweeted", "posted", "posts"}
_PLATFORM = re.compile(
    r"\bon (?:Twitter|X|Facebook|Instagram|Threads|Bluesky|Mastodon|TikTok"
    r"|Truth Social|social media)\b"
)
_DAY = r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_STANDALONE_TAIL = re.compile(rf"(?:{_DAY})?")
_SPEAKER_THEN_VERB = re.compile(
    rf"\s*,?\s*(?P<subject>[^.!?“”\"]{{1,120}}?)\s+(?P<verb>{_VERBS})\b"
    r"(?P<tail>[^.!?,;:“”\"]{0,120})(?P<end>[.!?,;:]|$)"
)
_VERB_THEN_SPEAKER = re.compile(
    rf"\s*,?\s*(?P<verb>{_VERBS})\s+(?P<subject>[^.!?;:“”\"]{{1,120}}?)"
    rf"(?P<tail>\s+{_DAY})?(?P<end>[.!?;:]|$)"
)
# At the start of a paragraph the subject may carry an appositive:
# "Dr Lise Holm, a lecturer in adult education, said:".
_LEAD_WITH_APPOSITIVE = re.compile(
    rf"(?P<subject>[^;.!?“”\"]{{1,160}}?)\s+(?P<verb>{_VERBS})\b"
    r"(?P<tail>[^,;:.!?“”\"]{0,120})"
)
_LEAD = re.compile(
    rf"(?:^|(?<=[,;.!?]\s))(?P<subject>[^,;.!?“”\"]{{1,120}}?)\s+"
    rf"(?P<verb>{_VERBS})\b(?P<tail>[^,;:.!?“”\"]{{0,120}})$"
)
# "Mrs Sanders also said": words between the speaker and the verb.
_ADVERBS = {
    "also", "later", "then", "previously", "again", "recently", "earlier", "once",
    "has", "have", "had", "reportedly", "repeatedly", "subsequently", "simply",
}  # fmt: skip
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "one"}
_PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "la", "le", "di", "da"}
_ROLE_NOUNS = {
    "adviser", "advisor", "ambassador", "analyst", "captain", "chair", "chairman",
    "chairwoman", "chancellor", "chief", "commissioner", "correspondent", "director",
    "economist", "editor", "executive", "general", "governor", "head", "judge",
    "leader", "manager", "mayor", "minister", "officer", "president", "professor",
    "secretary", "senator", "sheriff", "speaker", "spokesman", "spokesperson",
    "spokeswoman", "coach", "founder", "ceo", "mp", "mep", "councillor", "councilor",
    "curator", "deputy", "detective", "inspector", "lawyer", "representative",
    "researcher", "scientist", "sergeant", "superintendent", "trustee",
}  # fmt: skip
# Long quoted passages are rare; the cap keeps the scan linear on huge paragraphs.
_MAX_SPANS = 50


def find_quotes(paragraphs: Sequence[str]) -> tuple[ParsedQuote, ...]:
    """Every attributed quote in ``paragraphs``, in order. Never raises."""
    quotes: list[ParsedQuote] = []
    for index, paragraph in enumerate(paragraphs):
        for start, end in _find_quote_spans(paragraph):
            quote = _read_quote(paragraph, start, end, index)
            if quote is not None:
                quotes.append(quote)
    return tuple(quotes)


def _find_quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) index pairs, curly and straight."""
    spans: list[tuple[int, int]] = []
    position = 0
    while len(spans) < _MAX_SPANS:
        start = paragraph.find("“", position)
        end = paragraph.find("”", start + 1) if start >= 0 else -1
        if end < 0:
            break
        spans.append((start, end))
        position = end + 1
    marks: list[int] = []
    mark = paragraph.find('"')
    while mark >= 0 and len(marks) < 2 * _MAX_SPANS:
        marks.append(mark)
        mark = paragraph.find('"', mark + 1)
    spans.extend(zip(marks[::2], marks[1::2], strict=False))
    return sorted(spans)


def _read_quote(paragraph: str, start: int, end: int, index: int) -> ParsedQuote | None:
    text = paragraph[start + 1 : end]
    if not text.strip():
        return None
    before, after = paragraph[:start], paragraph[end + 1 :]
    lead = before.rstrip()
    if lead.endswith((":", ",")):
        found = _read_lead(lead[:-1][-240:], text, index)
        if found is not None:
            closes_paragraph = after.strip() in ("", ".", "!", "?")
            leads_paragraph = len(lead) - 1 <= 240 and found.standalone
            return replace(found, standalone=closes_paragraph and leads_paragraph)
    return _read_trailing(before, text, after, index)


def _read_lead(lead: str, text: str, index: int) -> ParsedQuote | None:
    match = _LEAD_WITH_APPOSITIVE.fullmatch(lead)
    speaker = _read_speaker(match.group("subject")) if match else None
    if speaker is None:
        match = _LEAD.search(lead)
        speaker = _read_speaker(match.group("subject")) if match else None
    if match is None or speaker is None:
        return None
    tail = match.group("tail").strip()
    return ParsedQuote(
        text=text,
        speaker=speaker[0],
        role=speaker[1],
        kind=_choose_kind(match.group("verb"), tail),
        paragraph=index,
        standalone=(
            match.start() == 0 and speaker[2] and bool(_STANDALONE_TAIL.fullmatch(tail))
        ),
    )


def _read_trailing(
    before: str, text: str, after: str, index: int
) -> ParsedQuote | None:
    stripped = after.lstrip()
    # “Crisis”. The minister said … starts a new sentence: not an attribution.
    if not stripped or not (
        text.rstrip().endswith((",", "?", "!", "…", "—", "–", "-"))
        or stripped[0] == ","
        or stripped[0].islower()
    ):
        return None
    for pattern in (_SPEAKER_THEN_VERB, _VERB_THEN_SPEAKER):
        # An attribution sits right after the quote; 240 characters is plenty and
        # keeps the lazy patterns from crawling over a huge paragraph.
        match = pattern.match(after, 0, 240)
        if match is None:
            continue
        speaker = _read_speaker(match.group("subject"))
        if speaker is None:
            continue
        tail = (match.group("tail") or "").strip()
        rest = after[match.end() :].strip()
        alone = (
            speaker[2]
            and not before.strip()
            and match.group("end") in (".", "!", "?", "")
            and not rest
            and bool(_STANDALONE_TAIL.fullmatch(tail))
        )
        return ParsedQuote(
            text=text,
            speaker=speaker[0],
            role=speaker[1],
            kind=_choose_kind(match.group("verb"), tail),
            paragraph=index,
            standalone=alone,
        )
    return None


def _read_speaker(subject: str) -> tuple[str, str, bool] | None:
    """``(speaker, role, exact)`` for an attribution's subject; None if not one.

    ``exact`` is false when words were dropped between speaker and verb
    ("Mrs Sanders also said"), so the attribution is not a bare one.
    """
    words = subject.strip().strip(",").split()
    exact = True
    while len(words) > 1 and words[-1].lower() in _ADVERBS:
        words.pop()
        exact = False
    subject = " ".join(words).strip(",").strip()
    if not words or len(words) > 14 or re.search(rf"\b(?:{_VERBS})\b", subject):
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "", "", exact
    if "," in subject:
        first, _, second = (part.strip(" ,") for part in subject.partition(","))
        # "Ms Holm, 54, said": an age is not a role. "In a statement, Mr Lund"
        # is not one either; the caller then looks for a subject after the comma.
        if _is_name(first) and (second.isdigit() or _is_role(second)):
            return first, "" if second.isdigit() else second, exact
        if _is_name(second) and _is_role(first):
            return second, first, exact
        return None
    if not (words[0][:1].isupper() or words[0].lower() in _DETERMINERS):
        return None
    if len(words) > 8:
        return None
    for i in range(len(words) - 2, -1, -1):
        name = " ".join(words[i + 1 :])
        if words[i].lower().strip(".") in _ROLE_NOUNS and _is_name(name):
            return name, " ".join(words[: i + 1]), exact
    return subject, "", exact


def _is_name(phrase: str) -> bool:
    words = phrase.split()
    return (
        0 < len(words) <= 5
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in _PARTICLES for w in words)
    )


def _is_role(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and (
        words[0] in _DETERMINERS or any(w.strip(".'s") in _ROLE_NOUNS for w in words)
    )


def _choose_kind(verb: str, tail: str) -> str:
    return "post" if verb in _POST_VERBS or _PLATFORM.search(tail) else "quote"
