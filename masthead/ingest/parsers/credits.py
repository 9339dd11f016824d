"""Captions and credits, told apart the same way in web pages and scraped text.

A photo's credit comes before or after its caption in many forms: "Photograph:
Jane Doe/Reuters", "(AP Photo/John Doe)", "REUTERS/Jane Doe", "Foto: dpa",
"Getty Images <caption>", "AP:Associated Press <caption>", "<caption> EFE",
"（共同）". Agencies are known by name so that a credit is told from a caption;
photo controls ("Enlarge this image", "toggle caption", "Purchase Licensing
Rights") are not text at all. Pure, never raises.
"""

from __future__ import annotations

import re

AGENCIES = (
    r"Getty Images|Getty|Reuters|AFP|EPA-EFE|EPA|EFE|PA Media|PA Wire|PA Images|PA|"
    r"Press Association|AP Photo|AP Images|AP|Associated Press|ANSA|Ansa|dpa|DPA|"
    r"Keystone|Xinhua|Anadolu(?: Agency)?|Bloomberg|Alamy|Shutterstock|NurPhoto|"
    r"SOPA Images|Imago|picture alliance|Europa Press|LaPresse|Kyodo|Yonhap|"
    r"Folhapress|Agência Brasil|Sipa|Hans Lucas|Zuma Press|ZUMA Wire|Rex Features|"
    r"Shutterstock|Science Photo Library|Handout|Pool|NHK|Kyodo News|ANP|Belga|APA|"
    r"Keystone-SDA|TT|NTB|Ritzau|Lusa|TASS|RIA Novosti|AAP|Canadian Press|"
    r"Agencia EFE|Agence France-Presse|Jiji Press|Supplied|"
    r"غيتي|رويترز|الفرنسية|أسوشيتد برس|الأناضول|共同|時事|ロイター"
)
_AGENCY = re.compile(rf"(?<!\w)(?:{AGENCIES})(?!\w)", re.IGNORECASE)
_LABEL = (
    r"(?:Photo(?:graph)?s?|Pictures?|Images?|Credit|Photo credit|Fotos?|Bild|Supplied|"
    r"Crédit(?: photo)?|Fotografía|Imagen|Immagine|Foto di|Source|Quelle|"
    r"Фото|Фотография|Fot\.?|Zdjęcie|Fotoğraf|Imagem|Foto de|Fotó|Kuva|Bron|"
    r"צילום|تصوير|صورة|Φωτογραφία|Φωτ\.|写真|照片|사진)"
)
# Typographic separators a caption and its credit are written apart with
# ("<caption> — Foto: X", "<caption> | Photo Credit: X").
_SEPARATOR = re.compile(r"\s+[—–|]\s+")
_TRAILING_SEPARATOR = re.compile(r"[\s—–|/-]+$")
# Controls and screen-reader labels that stand in captions as scraped.
_CONTROLS = re.compile(
    r"(?:^|\s)(?:Image caption,?|Image source,?|Media caption,?|Enlarge this image|"
    r"toggle caption|hide caption|Credit\.\.\.|Purchase Licensing Rights|"
    r",? opens new tab|Read More|Expand|Zoom|Open gallery)(?=\s|$)",
    re.IGNORECASE,
)
_CREDIT_WORD = r"[\w'’.&-]+"
# "Jane Doe/Reuters", "REUTERS/Jane Doe", "THOMAS SAMSON / AFP", "Name for The
# New York Times", "Basarnas/Handout via Reuters"
_SLASHED = re.compile(
    rf"{_CREDIT_WORD}(?: {_CREDIT_WORD}){{0,4}} ?/ ?"
    rf"{_CREDIT_WORD}(?: {_CREDIT_WORD}){{0,5}}"
)
_FOR_OUTLET = re.compile(
    rf"[A-Z]{_CREDIT_WORD}(?: {_CREDIT_WORD}){{0,3}} for "
    r"(?:The |the )?[A-Z][\w .'-]{1,40}"
)
_TRAILING_LABELLED = re.compile(
    rf"^(?P<caption>.*?)[\s(\[]*\b{_LABEL}\s*:\s*(?P<credit>[^()\[\]]{{1,90}}?)[)\]]?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_TRAILING_PARENS = re.compile(
    r"^(?P<caption>.*?\S)\s*[(（](?P<credit>[^()（）]{1,60})[)）]\s*$", re.DOTALL
)
_TERMINAL = re.compile(r"[.!?…。][\"”’')\]]*$")


def strip_controls(text: str) -> str:
    return " ".join(_CONTROLS.sub(" ", text).split())


def looks_like_credit(text: str, *, max_words: int = 9) -> bool:
    """A short line that names who took a picture: an agency, "Name/Agency",
    "Name for Outlet", or a labelled credit."""
    text = text.strip(" .;,")
    if not text or len(text.split()) > max_words:
        return False
    if re.match(rf"^{_LABEL}\s*:", text, re.IGNORECASE):
        return True
    if re.fullmatch(rf"(?:foto|photo)\s+(?:{AGENCIES})", text, re.IGNORECASE):
        return True
    return is_named_credit(text)


_SMALL_WORDS = {
    "for",
    "via",
    "and",
    "de",
    "di",
    "da",
    "von",
    "van",
    "der",
    "del",
    "la",
    "le",
    "/",
}


def is_name_like(text: str, *, max_words: int = 6) -> bool:
    """Capitalised words only (a person's or an outlet's name), no sentence end."""
    words = text.split()
    if not words or len(words) > max_words or _TERMINAL.search(text):
        return False
    return all(
        w in _SMALL_WORDS or not w[0].isalpha() or w[0].isupper() or not w.isascii()
        for w in (part for word in words for part in word.split("/") if part)
    )


def is_named_credit(text: str) -> bool:
    """A credit by its shape: an agency, "Name/Agency" or "Name for Outlet", in
    capitalised words."""
    text = text.strip()
    if not is_name_like(text, max_words=9):
        return False
    return bool(
        _AGENCY.search(text) or _SLASHED.fullmatch(text) or _FOR_OUTLET.fullmatch(text)
    )


def clean_credit(text: str) -> str:
    text = re.sub(rf"^\s*(?:{_LABEL}\s*:|©|\(c\)|Copyright)\s*", "", text, flags=re.I)
    text = re.sub(r"^(?:foto|photo)\s+(?=\w)", "", text, flags=re.I)
    return text.strip(" ,;()[]")


def split_caption_credit(text: str) -> tuple[str, str]:
    """``(caption, credit)`` from a caption that may carry its credit, either side.

    Returns ``(text, "")`` when no credit is found.
    """
    text = strip_controls(text)
    if not text:
        return "", ""
    pieces = _SEPARATOR.split(text)
    if len(pieces) >= 2 and looks_like_credit(pieces[-1]):
        caption = " ".join(text[: text.rindex(pieces[-1])].split())
        return _TRAILING_SEPARATOR.sub("", caption), clean_credit(pieces[-1])
    labelled = _TRAILING_LABELLED.match(text)
    if labelled and labelled.group("credit").strip():
        caption = _TRAILING_SEPARATOR.sub("", labelled.group("caption").strip())
        return caption, clean_credit(labelled.group("credit"))
    # "<caption>. Photo Jane Doe. AFP" (a label with no colon, then a name)
    unlabelled = re.match(
        r"^(?P<caption>.*?[.!?])\s+(?:Photo|Foto|Photograph)s?\s+"
        r"(?P<credit>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}(?:[./] ?[A-Z][\w-]+)?)\.?$",
        text,
    )
    if unlabelled:
        return unlabelled.group("caption").strip(), unlabelled.group("credit").strip()
    parens = _TRAILING_PARENS.match(text)
    if parens and looks_like_credit(parens.group("credit")):
        return parens.group("caption").strip(), clean_credit(parens.group("credit"))
    # "<caption>. REUTERS/Jane Doe" / "<caption>. EFE" / "<caption>. Name/AFP"
    words = text.split()
    for size in range(1, min(8, len(words) - 1) + 1):
        head, tail = " ".join(words[:-size]), " ".join(words[-size:])
        if _TERMINAL.search(head) and is_named_credit(tail):
            return head.strip(), clean_credit(tail)
    # "Getty Images <caption>", "AP:Associated Press <caption>", "EPA-EFE/NAME …"
    leading = re.match(
        rf"^(?P<credit>(?:[\w.-]+:)?(?:{AGENCIES})"
        r"(?:/[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2})?)"
        r"\s+(?P<caption>\S.*)$",
        text,
    )
    if leading and len(leading.group("caption").split()) >= 3:
        credit = leading.group("credit")
        if ":" in credit:
            credit = credit.split(":", 1)[1]
        return leading.group("caption").strip(), credit.strip()
    return text, ""
