"""Scraped page text to a ``ParsedArticle``.

A scrape is one paragraph per line, usually with blank lines between. The first
line is the headline; picture markers become figures; lines the boilerplate rules
name (contact box, login popup, share links) are dropped and listed in
``removed``. Pure: no Django, no database, no network.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace

from .figures import FigureLine, assemble_figures, is_sentence, read_figure_line
from .header import read_byline, read_date_line, read_standfirst
from .parsed import ParsedArticle, ParsedFigure, ParsedSource
from .quotes import find_quotes
from .rules import BoilerplateRules, load_boilerplate_rules

# C0 control characters say nothing in article text (tab and the line breaks
# are handled by splitting); U+FEFF and U+200B are invisible leftovers of pasting.
_INVISIBLE = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFEFF, 0x200B]
)
_CP1252_C1 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_LATIN1_AS_CP1252 = str.maketrans({chr(b): c for b, c in _CP1252_C1.items()})
_CP1252_FALLBACK = "masthead-cp1252-fallback"


def _decode_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    # A page is often UTF-8 with a few Windows-1252 bytes pasted in (smart quotes
    # from Word): read each bad byte as cp1252 rather than the whole page.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("latin-1").translate(_LATIN1_AS_CP1252), error.end


codecs.register_error(_CP1252_FALLBACK, _decode_as_cp1252)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_NEWLINES = re.compile(r"\r\n?")

# Trailing chrome: once widget lines start after the article, lines this short
# without a full stop ("Related Topics", "Russia") go with them.
TAIL_CHROME_MAX_WORDS = 7
# A "More on this story" list: the link titles that follow the heading.
LIST_ITEM_MAX_WORDS = 16


def decode_text(data: bytes) -> str:
    """Bytes of a scraped page as text, newlines ``\\n``, no NUL bytes.

    UTF-16 with a BOM and valid UTF-8 (BOM dropped) are read as such. Other bytes
    are Windows-1252, so the smart quotes of Word and old CMSs (0x91–0x94) come
    out as ‘ ’ “ ”; the five bytes cp1252 leaves undefined keep their Latin-1
    meaning. A page that is mostly valid UTF-8 with a pasted cp1252 fragment is
    read as UTF-8 with only the bad bytes taken as cp1252. Never raises.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_mostly_utf8_or_cp1252(data)
    return _NEWLINES.sub("\n", text).replace("\x00", "")


def _decode_mostly_utf8_or_cp1252(data: bytes) -> str:
    # cp1252 text can hold byte pairs that happen to be valid UTF-8 ("ß“" is
    # DF 93), so UTF-8 wins only when most non-ASCII bytes form UTF-8 sequences.
    in_sequences = sum(len(sequence) for sequence in _UTF8_SEQUENCE.findall(data))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if in_sequences > high - in_sequences:
        return data.decode("utf-8-sig", errors=_CP1252_FALLBACK)
    return data.decode("latin-1").translate(_LATIN1_AS_CP1252)


def parse_scraped_text(
    text: str,
    *,
    rules: BoilerplateRules | None = None,
    source: ParsedSource | None = None,
) -> ParsedArticle:
    """Parse scraped page text. Never raises for any ``str``.

    ``rules`` defaults to the shipped boilerplate rules; ``source`` is copied to
    the result as is. Empty or all-chrome input gives headline ``""`` and no
    paragraphs: reporting "empty document" is the caller's decision.
    """
    lines = _split_lines(text)
    entries = _classify(lines, rules if rules is not None else load_boilerplate_rules())
    _pair_caption_lines(entries, _tight_lines(text))
    _mark_tail_chrome(entries)
    article = _Assembly()
    for entry in entries:
        article.add(entry)
    article.flush_figures()
    paragraphs = tuple(article.paragraphs)
    return ParsedArticle(
        headline=article.headline,
        standfirst=article.standfirst,
        paragraphs=paragraphs,
        figures=tuple(article.figures),
        quotes=find_quotes(paragraphs),
        source=source or ParsedSource(),
        # A page that only says when it was updated still dates the story.
        published=article.published or article.updated,
        authors=tuple(article.authors),
        removed=tuple(article.removed),
    )


@dataclass
class _Entry:
    line: str
    kind: str  # "text", "widget", "figure", or "consumed" (a credit read by a figure)
    figure: FigureLine | None = None
    starts_list: bool = False
    rule: str = ""  # the boilerplate rule's kind, for a widget


def _split_lines(text: str) -> list[str]:
    cleaned = text.translate(_INVISIBLE)
    # One space for any run of whitespace: scrapes are full of tabs and doubled
    # spaces, and rules and comparisons should not depend on them.
    lines = (" ".join(line.split()) for line in cleaned.splitlines())
    return [line for line in lines if line]


def _classify(lines: list[str], rules: BoilerplateRules) -> list[_Entry]:
    entries: list[_Entry] = []
    for line in lines:
        rule = rules.match(line)
        if rule is not None:
            entries.append(
                _Entry(line, "widget", starts_list=rule.starts_list, rule=rule.kind)
            )
            continue
        figure = read_figure_line(line)
        entries.append(_Entry(line, "figure" if figure else "text", figure))
    _resolve_figure_lines(entries)
    _mark_list_items(entries)
    return entries


def _tight_lines(text: str) -> list[bool] | None:
    """For each kept line: whether it follows the line before it with no blank
    line between. None when the text has no blank lines at all (then nothing can
    be told from it)."""
    tight: list[bool] = []
    previous_blank = True
    for raw in text.translate(_INVISIBLE).splitlines():
        if not raw.split():
            previous_blank = True
            continue
        tight.append(not previous_blank)
        previous_blank = False
    if all(tight[1:]) or not tight:
        return None
    return tight


def _caption_like(entry: _Entry) -> bool:
    return entry.kind == "text" and 0 < len(entry.line.split()) <= 40


def _pair_caption_lines(entries: list[_Entry], tight: list[bool] | None) -> None:
    """A credit on its own line takes the caption written right beside it.

    Scrapes keep a photo's caption and credit as two lines with no blank line
    between (caption then credit, or credit then caption), or, after photo
    controls ("Enlarge this image", "toggle caption"), the credit and then the
    caption as the next paragraph. Only a credit that is a credit by itself (an
    agency, "Name/Agency", "Credit: …") pairs a line this way.
    """
    if tight is None or len(tight) != len(entries):
        return
    first_text = next((i for i, e in enumerate(entries) if e.kind == "text"), -1)
    for i, entry in enumerate(entries):
        figure = entry.figure
        if (
            entry.kind != "figure"
            or figure is None
            or figure.weak
            or not figure.has_credit
            or figure.has_caption
        ):
            continue
        before = entries[i - 1] if i > 0 else None
        after = entries[i + 1] if i + 1 < len(entries) else None
        target = None
        if before is not None and tight[i] and i - 1 != first_text:
            target = before if _caption_like(before) else None
        if target is None and after is not None and tight[i + 1]:
            target = after if _caption_like(after) else None
        if (
            target is None
            and before is not None
            and before.rule == "photo-controls"
            and after is not None
            and _caption_like(after)
        ):
            target = after
        if target is not None:
            entry.figure = replace(figure, caption=target.line, has_caption=True)
            target.kind, target.figure = "consumed", None


def _resolve_figure_lines(entries: list[_Entry]) -> None:
    """Weak credits need a figure line beside them; a lone ``Image copyright``
    takes the credit written on the next line."""
    strong = [e.figure is not None and not e.figure.weak for e in entries]
    for i, entry in enumerate(entries):
        if entry.figure is not None and entry.figure.weak:
            after = i + 1 < len(entries) and strong[i + 1]
            if not ((i > 0 and strong[i - 1]) or after):
                entry.kind, entry.figure = "text", None
    for entry, following in zip(entries, entries[1:], strict=False):
        figure = entry.figure
        if figure is None or not figure.wants_credit:
            continue
        credit = _read_credit_line(following)
        if credit:
            entry.figure = replace(figure, credit=credit, wants_credit=False)
            following.kind, following.figure = "consumed", None


def _read_credit_line(entry: _Entry) -> str:
    """The credit ``entry`` holds if it is nothing but a credit, else ``""``."""
    figure = entry.figure
    if figure is not None:
        bare = figure.has_credit and not (figure.has_caption or figure.alt)
        return figure.credit if bare else ""
    return entry.line if entry.kind == "text" and _is_credit_text(entry.line) else ""


def _is_credit_text(line: str) -> bool:
    return 0 < len(line.split()) <= 8 and not is_sentence(line)


def _mark_list_items(entries: list[_Entry]) -> None:
    """The link titles under a list heading are chrome, up to the next sentence.

    The first text line stays the headline even under a "Top Stories" list that
    opens the page.
    """
    in_list = seen_headline = False
    for entry in entries:
        if entry.kind == "widget":
            in_list = in_list or entry.starts_list
        elif entry.kind == "text" and in_list and seen_headline:
            if _is_link_title(entry.line):
                entry.kind = "widget"
            else:
                in_list = False
        else:
            in_list = False
        seen_headline = seen_headline or entry.kind == "text"


def _is_link_title(line: str) -> bool:
    words = len(line.split())
    ends_question = line.rstrip().endswith("?")
    return 0 < words <= LIST_ITEM_MAX_WORDS and (ends_question or not is_sentence(line))


def _mark_tail_chrome(entries: list[_Entry]) -> None:
    """Short lines among the widgets that trail the article are chrome too.

    Only lines after the first widget of that trailing run go: a short last
    paragraph ("Additional reporting by Jane Doe") before the widgets stays, and
    so does the headline.
    """
    start = len(entries)
    for index in range(len(entries) - 1, -1, -1):
        entry = entries[index]
        if entry.kind == "widget":
            start = index
        elif not (entry.kind == "text" and _is_tail_chrome(entry.line)):
            break
    headline = next((e for e in entries if e.kind == "text"), None)
    for entry in entries[start:]:
        if entry.kind == "text" and entry is not headline:
            entry.kind = "widget"


def _is_tail_chrome(line: str) -> bool:
    return len(line.split()) <= TAIL_CHROME_MAX_WORDS and not is_sentence(line)


@dataclass
class _Assembly:
    """Walks the classified lines once, in order, building the article."""

    headline: str = ""
    standfirst: str = ""
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pending: list[FigureLine] = field(default_factory=list)
    updated: str | None = None

    def add(self, entry: _Entry) -> None:
        if entry.kind == "widget":
            self.removed.append(entry.line)
            if entry.rule == "timestamps":
                self._take_standfirst()
                if not self.paragraphs and self.headline:
                    self._read_header(entry.line)  # the story's own date
        elif entry.kind == "figure" and entry.figure is not None:
            self.pending.append(entry.figure)
        elif entry.kind == "text":
            if not self.headline:
                self.headline = entry.line
            elif self._standfirst_waiting() and self._read_header(entry.line):
                self._take_standfirst()
            elif self.paragraphs or not self._read_header(entry.line):
                self.flush_figures()
                self.paragraphs.append(entry.line)

    def _standfirst_waiting(self) -> bool:
        """The one line read so far may be header matter: a standfirst (a
        summary of up to 60 words) or an outlet's or desk's label."""
        if self.standfirst or len(self.paragraphs) != 1 or self.figures:
            return False
        words = len(self.paragraphs[0].split())
        if is_sentence(self.paragraphs[0]):
            return 6 <= words <= 40  # a summary written in sentences
        return words <= 4 or 6 <= words <= 60

    def _take_standfirst(self) -> None:
        # A byline or a date below the line shows it was header matter, not
        # story: a story does not date itself after its first paragraph.
        if not self._standfirst_waiting():
            return
        line = self.paragraphs.pop()
        if len(line.split()) <= 4 and not is_sentence(line):
            self.removed.append(line)  # "Ouest-France", "Staff reporter"
        else:
            self.standfirst = line

    def flush_figures(self) -> None:
        if self.pending:
            position = len(self.paragraphs)
            self.figures.extend(assemble_figures(self.pending, position=position))
            self.pending = []

    def _read_header(self, line: str) -> bool:
        """Take a header line before the first paragraph; False if it is not one."""
        if line == self.headline:
            self.removed.append(line)  # the page title repeated as the h1
            return True
        dated = read_date_line(line)
        if dated is not None:
            value, is_update = dated
            if is_update:
                self.updated = self.updated or value
            else:
                self.published = self.published or value
            return True
        authors = read_byline(line)
        if authors is not None:
            self.authors.extend(a for a in authors if a not in self.authors)
            return True
        standfirst = read_standfirst(line)
        if standfirst is not None and not self.standfirst:
            self.standfirst = standfirst
            return True
        return False
