"""Boilerplate rules: the site chrome a scraper picks up, kept as editable data.

The shipped list lives in ``masthead/ingest/rules/boilerplate.txt``. Its format:

* ``# text`` is a comment (a pattern that must start with ``#`` is written ``\\#``);
  blank lines are ignored.
* ``[kind]`` starts a group (``contact``, ``login``, ``cookies``, ...). A group
  written ``[kind +list]`` holds list headings ("More on this story"): the short
  link lines that follow such a heading are chrome too.
* Any other line is one Python regular expression. It must match the WHOLE line,
  case-insensitively, after curly quotes are made straight and runs of spaces are
  collapsed, so ``Forgot your details\\?`` never fires inside a real sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SHIPPED_RULES = Path(__file__).resolve().parent.parent / "rules" / "boilerplate.txt"
DEFAULT_KIND = "boilerplate"

# Widget text is short; a cap keeps a careless rule (``.*cookie.*``) from being
# tried against megabyte-long paragraphs and from ever eating one.
MAX_BOILERPLATE_CHARS = 1000

_STRAIGHTEN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"\s+")
_HEADER = re.compile(r"\[\s*([\w-]+)\s*(\+list)?\s*\]")
_INLINE_HEADING = re.compile(r"\s*[:|»>]\s+")


@dataclass(frozen=True)
class BoilerplateRule:
    """One pattern, its group, and where it was written (``file:line``)."""

    kind: str
    pattern: re.Pattern[str]
    origin: str
    starts_list: bool = False


@dataclass(frozen=True)
class BoilerplateRules:
    """An ordered set of rules; the first rule that matches a line wins."""

    rules: tuple[BoilerplateRule, ...] = ()

    def match(self, line: str) -> BoilerplateRule | None:
        """The rule that marks ``line`` as chrome, or None. Never raises."""
        if len(line) > MAX_BOILERPLATE_CHARS:
            return None
        probe = normalise_for_matching(line)
        if not probe:
            return None
        # A heading's colon ("Read also:", "Читайте также:") is typography.
        probes = (probe, probe.rstrip(" :")) if probe.endswith(":") else (probe,)
        for rule in self.rules:
            if any(rule.pattern.fullmatch(p) for p in probes if p):
                return rule
        return self._match_inline_list_heading(probe)

    def _match_inline_list_heading(self, probe: str) -> BoilerplateRule | None:
        """A list heading with its one link on the same line ("Le puede
        interesar: <headline>", "ALSO READ | <headline>"): chrome, no list after."""
        parts = _INLINE_HEADING.split(probe, maxsplit=1)
        if len(parts) != 2 or not parts[1].strip() or len(parts[0]) > 40:
            return None
        head = parts[0].strip()
        for rule in self.rules:
            if rule.starts_list and rule.pattern.fullmatch(head):
                return BoilerplateRule(rule.kind, rule.pattern, rule.origin)
        return None

    def __len__(self) -> int:
        return len(self.rules)


def normalise_for_matching(line: str) -> str:
    """The form rules are matched against: straight quotes, single spaces."""
    return _SPACES.sub(" ", line.translate(_STRAIGHTEN)).strip()


def parse_rules_text(text: str, *, origin: str) -> tuple[BoilerplateRule, ...]:
    """Read rules written in the file format above.

    Raises ``ValueError`` naming ``origin`` and the line number for a bad regex
    or a malformed ``[kind]`` header.
    """
    rules: list[BoilerplateRule] = []
    kind, starts_list = DEFAULT_KIND, False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{origin}:{number}"
        if line.startswith("["):
            header = _HEADER.fullmatch(line)
            if header is None:
                raise ValueError(
                    f"{where}: a group header is written [kind] or [kind +list], "
                    f"got {line!r}"
                )
            kind, starts_list = header.group(1).lower(), bool(header.group(2))
            continue
        if line.startswith("\\#"):
            line = line[1:]
        rules.append(BoilerplateRule(kind, _compile(line, where), where, starts_list))
    return tuple(rules)


def load_boilerplate_rules(
    extra_paths: Iterable[str | Path] = (),
    extra_patterns: Iterable[str | tuple[str, str]] = (),
) -> BoilerplateRules:
    """The shipped rules, then those in ``extra_paths``, then ``extra_patterns``.

    ``extra_patterns`` items are a regex (group ``boilerplate``) or a
    ``(kind, regex)`` pair. Raises ``ValueError`` naming the file and line (or
    the extra pattern's number) for an invalid regex, and ``OSError`` when a
    file cannot be read.
    """
    rules = list(_load_shipped_rules())
    for path in extra_paths:
        path = Path(path)
        rules.extend(
            parse_rules_text(path.read_text(encoding="utf-8"), origin=str(path))
        )
    for number, item in enumerate(extra_patterns, start=1):
        kind, pattern = (DEFAULT_KIND, item) if isinstance(item, str) else item
        where = f"extra pattern {number}"
        rules.append(BoilerplateRule(kind, _compile(pattern.strip(), where), where))
    return BoilerplateRules(tuple(rules))


@lru_cache(maxsize=1)
def _load_shipped_rules() -> tuple[BoilerplateRule, ...]:
    # Read once per process: every scraped page is checked against this list.
    return parse_rules_text(
        SHIPPED_RULES.read_text(encoding="utf-8"), origin=str(SHIPPED_RULES)
    )


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"{where}: invalid pattern {pattern!r}: {error}") from None
