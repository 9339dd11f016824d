"""Picture markers in scraped text: credit and caption lines, grouped into figures.

A scraped news page keeps only the text around its pictures: BBC-style markers
(``<alt> Image copyright <credit>`` then ``Image caption <caption>``), bare agency
credits (``Getty Images``), ``Photo: …`` lines, video captions. ``read_figure_line``
reads one line; ``assemble_figures`` turns a run of consecutive marker lines into
figures. Both are pure and never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .credits import split_caption_credit
from .parsed import ParsedFigure

# Lower case is accepted only at the start of a line: after other text, only
# "Image copyright" with a capital I is a page marker ("the image copyright
# dispute" is article text).
_MARKER = re.compile(
    r"(?<!\S)(?P<marker>[Ii]mage (?:copyright|source|credit)|[Ii]mage caption"
    r"|[Mm]edia caption|[Vv]ideo caption)\b(?:\s*[,:]\s*|\s+|$)"
)
_AGENCY = (
    r"(?:Getty Images|Getty|Reuters|AFP|EPA(?:-EFE)?|PA Media|PA Wire|PA"
    r"|Press Association|AP Photo|AP|Associated Press|Alamy|Shutterstock"
    r"|Bloomberg|NurPhoto|SOPA Images|Anadolu Agency|Science Photo Library)"
)
_BARE_AGENCY = re.compile(
    rf"(?:[\w.'&-]+(?: [\w.'&-]+){{0,3}}(?:/| via | for ))?{_AGENCY}"
    r"(?:/[\w .'&-]{1,40})?"
)
# "Jane Doe/BBC": only a credit when it stands next to another figure line.
_SLASH_CREDIT = re.compile(
    r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3}/[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,2}"
)
_LABELLED_CREDIT = re.compile(
    r"(?:(?:Photo|Photograph|Picture|Image|Foto|Bild)s?(?: credit)?|Credit|"
    r"Cr[ée]dit(?: photo)?|Copyright|Фото|Фотография|Fotoğraf|Zdjęcie|Imagem|Fot\.)"
    r"\s*:?(?<=[:.])\s*(?P<credit>.+)"
    r"|(?:Photo|Photograph|Picture)s? (?:by|courtesy of) (?P<by>.+)"
    r"|(?:©\s*|Copyright\s+)(?P<mark>[^\d:\s].*)",
    re.IGNORECASE,
)
_LABELLED_CAPTION = re.compile(r"Caption\s*:\s*(?P<caption>.+)", re.IGNORECASE)
# "Crowds in the square on Sunday. Photograph: Jane Doe/Agency" on one line.
_INLINE_CREDIT = re.compile(
    r"(?P<caption>.+?[.!?][\"”’)]?)\s+\(?(?:Photo|Photograph|Picture|Image)s?"
    r"(?: credit)?\s*:\s*(?P<credit>[^.!?]+?)\)?"
)
_TERMINAL = re.compile(r"[.!?…。！？؟][\"”’')\]」』]*$")
# Figure lines are short; longer lines are paragraphs, and skipping them keeps
# the patterns below away from megabyte-long text.
MAX_FIGURE_LINE_CHARS = 2000


@dataclass(frozen=True)
class FigureLine:
    """What one line says about a figure.

    ``wants_credit`` is set for a credit marker with nothing after it
    (``Image copyright`` alone): the credit is on the next line. ``weak`` lines
    (``Jane Doe/BBC``) are credits only beside another figure line.
    """

    alt: str = ""
    credit: str = ""
    caption: str = ""
    kind: str = "image"
    has_credit: bool = False
    has_caption: bool = False
    wants_credit: bool = False
    weak: bool = False


def is_sentence(line: str) -> bool:
    """True when ``line`` ends like a sentence (full stop, ?, !, …, maybe quoted)."""
    return bool(_TERMINAL.search(line))


def is_short_credit(line: str, *, max_words: int = 8) -> bool:
    """True for a line that can be a credit: a few words, no closing full stop."""
    return 0 < len(line.split()) <= max_words and not is_sentence(line)


def _has_caps_side(line: str) -> bool:
    for side in line.split("/"):
        letters = [c for c in side if c.isalpha()]
        if len(letters) >= 4 and all(c.isupper() for c in letters):
            return True
    return False


def read_figure_line(line: str) -> FigureLine | None:
    """The figure information on ``line``, or None when it is ordinary text."""
    if len(line) > MAX_FIGURE_LINE_CHARS:
        return None
    markers = list(_MARKER.finditer(line)) if "aption" in line or "mage" in line else []
    if markers:
        return _read_marker_line(line, markers)
    if _BARE_AGENCY.fullmatch(line):
        return FigureLine(credit=line, has_credit=True)
    labelled = _LABELLED_CREDIT.fullmatch(line)
    if labelled:
        credit = (labelled.group("credit") or labelled.group("by") or "").strip()
        credit = credit or labelled.group("mark").strip()
        if is_short_credit(credit):
            return FigureLine(credit=credit, has_credit=True)
        return None
    caption = _LABELLED_CAPTION.fullmatch(line)
    if caption:
        return FigureLine(caption=caption.group("caption").strip(), has_caption=True)
    inline = _INLINE_CREDIT.fullmatch(line)
    if inline and is_short_credit(inline.group("credit").strip()):
        return FigureLine(
            caption=inline.group("caption").strip(),
            credit=inline.group("credit").strip(),
            has_caption=True,
            has_credit=True,
        )
    if _SLASH_CREDIT.fullmatch(line):
        # "KOMPAS.com/FIRDA JANATI", "REUTERS/Jane Doe": a side in capitals is
        # how agencies and photographers sign; "Name/Name" alone is weaker.
        return FigureLine(credit=line, has_credit=True, weak=not _has_caps_side(line))
    # A caption with its credit written in, before or after ("Getty Images <caption>",
    # "AP:Associated Press <caption>", "<caption>. EFE", "<caption> (foto Ansa)").
    if len(line.split()) <= 40:
        told_caption, told_credit = split_caption_credit(line)
        if told_credit and told_caption and told_caption != line:
            return FigureLine(
                caption=told_caption,
                credit=told_credit,
                has_caption=True,
                has_credit=True,
            )
    return None


def _read_marker_line(line: str, markers: list[re.Match[str]]) -> FigureLine | None:
    first = markers[0]
    alt = line[: first.start()].strip()
    if alt:
        # Only a credit marker may follow alt text; and its credit must be short,
        # or this is a sentence that happens to contain the words.
        marker = first.group("marker")
        if "caption" in marker.lower() or not marker[0].isupper():
            return None
        end = markers[1].start() if len(markers) > 1 else len(line)
        credit = line[first.end() : end].strip()
        # An empty credit is fine: it is written on the next line.
        if credit and not is_short_credit(credit, max_words=12):
            return None
    fields: dict[str, str] = {}
    kind = "image"
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(line)
        payload = line[match.end() : end].strip()
        name = match.group("marker").lower()
        if name.startswith(("media", "video")):
            kind, field = "video", "caption"
        else:
            field = "caption" if name.endswith("caption") else "credit"
        if field in fields:
            # A second credit (or caption) on one line: keep the first, and keep
            # the rest of the text with it rather than lose it.
            fields[field] = f"{fields[field]} {match.group(0)}{payload}".strip()
        else:
            fields[field] = payload
    return FigureLine(
        alt=alt,
        credit=fields.get("credit", ""),
        caption=fields.get("caption", ""),
        kind=kind,
        has_credit="credit" in fields,
        has_caption="caption" in fields,
        wants_credit="credit" in fields and not fields["credit"],
    )


def assemble_figures(lines: list[FigureLine], *, position: int) -> list[ParsedFigure]:
    """Figures from consecutive figure lines, all placed at ``position``.

    Pages put the credit before the caption (BBC) or after it; the order that
    pairs up more lines wins, credit-first on a tie. A line holding both a credit
    and a caption, and every video caption, is a figure of its own.
    """
    by_credit = _pair(lines, credit_first=True)
    by_caption = _pair(lines, credit_first=False)
    chosen = by_credit if len(by_credit) <= len(by_caption) else by_caption
    return [
        ParsedFigure(
            alt=line.alt,
            caption=line.caption,
            credit=line.credit,
            position=position,
            kind=line.kind,
        )
        for line in chosen
    ]


def _pair(lines: list[FigureLine], *, credit_first: bool) -> list[FigureLine]:
    figures: list[FigureLine] = []
    open_figure: FigureLine | None = None
    for line in lines:
        if line.kind == "video" or (line.has_credit and line.has_caption):
            figures.append(line)
            open_figure = None
            continue
        opens = line.has_credit if credit_first else line.has_caption
        if open_figure is not None and not opens and _can_merge(open_figure, line):
            figures[-1] = _merge(open_figure, line)
            open_figure = None
            continue
        figures.append(line)
        open_figure = line if opens else None
    return figures


def _can_merge(first: FigureLine, second: FigureLine) -> bool:
    return not (first.has_credit and second.has_credit) and not (
        first.has_caption and second.has_caption
    )


def _merge(first: FigureLine, second: FigureLine) -> FigureLine:
    return FigureLine(
        alt=first.alt or second.alt,
        credit=first.credit or second.credit,
        caption=first.caption or second.caption,
        kind=first.kind,
        has_credit=first.has_credit or second.has_credit,
        has_caption=first.has_caption or second.has_caption,
    )
