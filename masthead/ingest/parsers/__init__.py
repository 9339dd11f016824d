"""Parsers turn imported documents into one plain form, ``ParsedArticle``.

Pure code: no Django, no models, no network, so every parser is tested without a
database.
"""

from .parsed import ParsedArticle, ParsedFigure, ParsedQuote, ParsedSource
from .rules import BoilerplateRule, BoilerplateRules, load_boilerplate_rules
from .text import decode_text, parse_scraped_text

__all__ = [
    "BoilerplateRule",
    "BoilerplateRules",
    "ParsedArticle",
    "ParsedFigure",
    "ParsedQuote",
    "ParsedSource",
    "decode_text",
    "load_boilerplate_rules",
    "parse_scraped_text",
]
