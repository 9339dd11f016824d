"""Score the importer against a corpus of documents with known answers (issue 18).

A corpus is a folder of documents (``NAME.html`` web pages, ``NAME.txt`` scraped
texts, ``NAME.json`` JSON Feeds, ``NAME.xml`` feeds and wire items) each with a
``NAME.expected.json``. An answer gives what must come out, not every byte:

- ``headline``: exact
- ``first_paragraph``, ``last_paragraph``: exact
- ``must_contain``: text each found in some paragraph (recall: nothing of the story
  is lost); ``must_not_contain``: text found in no paragraph, standfirst or
  headline (page furniture stays out)
- ``figures``: every figure's ``caption`` and ``credit``, in order (none: ``[]``;
  leave the key out not to score figures)
- optional ``standfirst``, ``authors`` (exact), ``refuse`` (true: the document is
  no article and must give no story)
- ``publisher``, ``language``, ``note``: what the document stands for

The older answer shape (``paragraphs``, ``removed``: the parser tests' corpus) is
read too: all paragraphs must be found in order, the removed lines must not.

Pure apart from reading files: ``masthead manage score_ingest_corpus`` prints the
table; ``tests`` keep the floor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .parsers import ParsedArticle, decode_text, parse_scraped_text
from .parsers.html import check_html_page, parse_html

CORPUS = Path(__file__).resolve().parent / "corpus" / "documents"
SUFFIXES = (".html", ".txt", ".json", ".xml")


@dataclass
class DocumentScore:
    name: str
    publisher: str = ""
    language: str = ""
    kind: str = ""
    failures: list[str] = field(default_factory=list)
    must_contain: int = 0
    must_contain_found: int = 0
    figures_expected: int = 0
    figures_right: int = 0
    headline_ok: bool = True
    refused: bool = False  # a document that is no article (its answer: refuse)

    @property
    def correct(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "publisher": self.publisher,
            "language": self.language,
            "kind": self.kind,
            "correct": self.correct,
            "failures": self.failures,
        }


def list_documents(folder: Path = CORPUS) -> list[tuple[str, Path, Path]]:
    """``(name, document, answer)`` for every document with an answer."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in SUFFIXES or path.name.endswith(".expected.json"):
            continue
        name = path.name.rsplit(".", 1)[0]
        answer = folder / f"{name}.expected.json"
        if answer.exists():
            found.append((name, path, answer))
    return found


def parse_document_file(path: Path) -> list[ParsedArticle]:
    """The stories the importer finds in one file (feeds may hold several)."""
    data = path.read_bytes()
    if path.suffix == ".html":
        parsed = parse_html(data)
        return [] if check_html_page(data, parsed) else [parsed]
    if path.suffix == ".txt":
        return [parse_scraped_text(decode_text(data))]
    from .parsers.feed import parse_feed

    feed = parse_feed(data)
    return [item.parsed for item in feed.items]


def is_story(parsed: ParsedArticle) -> bool:
    return bool(parsed.headline.strip() and parsed.paragraphs)


def score_document(
    name: str, parsed: ParsedArticle | None, expected: dict[str, Any]
) -> DocumentScore:
    score = DocumentScore(
        name=name,
        publisher=str(expected.get("publisher", "")),
        language=str(expected.get("language", "")),
        kind=str(expected.get("kind", "")),
    )
    fail = score.failures.append
    if expected.get("refuse") or expected.get("paragraphs") == []:
        score.refused = True
        if parsed is not None and is_story(parsed):
            fail(f"not refused: read as a story headed {parsed.headline!r}")
        return score
    if parsed is None or not is_story(parsed):
        fail("no story found")
        score.headline_ok = False
        return score
    expected = _normalise(expected)
    paragraphs = list(parsed.paragraphs)
    if parsed.headline != expected["headline"]:
        score.headline_ok = False
        fail(f"headline {parsed.headline!r}")
    if "first_paragraph" in expected and paragraphs[0] != expected["first_paragraph"]:
        fail(f"first paragraph {paragraphs[0][:80]!r}")
    if "last_paragraph" in expected and paragraphs[-1] != expected["last_paragraph"]:
        fail(f"last paragraph {paragraphs[-1][:80]!r}")
    for text in expected.get("must_contain", []):
        score.must_contain += 1
        if any(text in p for p in paragraphs):
            score.must_contain_found += 1
        else:
            fail(f"missing {text[:70]!r}")
    shown = [parsed.headline, parsed.standfirst, *paragraphs]
    for text in expected.get("must_not_contain", []):
        if any(text in p for p in shown):
            fail(f"furniture kept {text[:70]!r}")
    if "figures" in expected:
        wanted = [
            (f.get("caption", ""), f.get("credit", "")) for f in expected["figures"]
        ]
        found = [(f.caption, f.credit) for f in parsed.figures if f.kind == "image"]
        score.figures_expected = len(wanted)
        score.figures_right = sum(
            1 for w, f in zip(wanted, found, strict=False) if w == f
        )
        if found != wanted:
            fail(f"figures {found!r}")
    if "standfirst" in expected and parsed.standfirst != expected["standfirst"]:
        fail(f"standfirst {parsed.standfirst[:80]!r}")
    if "authors" in expected and list(parsed.authors) != expected["authors"]:
        fail(f"authors {list(parsed.authors)!r}")
    return score


def _normalise(expected: dict[str, Any]) -> dict[str, Any]:
    """The parser tests' answer shape read as first/last/must-contain lines."""
    if "paragraphs" not in expected:
        return expected
    paragraphs = expected["paragraphs"]
    result = dict(expected)
    if paragraphs:
        result["first_paragraph"] = paragraphs[0]
        result["last_paragraph"] = paragraphs[-1]
    result["must_contain"] = list(paragraphs)
    kept = [expected.get("headline", ""), expected.get("standfirst", ""), *paragraphs]
    result["must_not_contain"] = [
        line
        for line in expected.get("removed", [])
        if len(line) > 12 and not any(line in text for text in kept)
    ]
    result["figures"] = [
        f for f in expected.get("figures", []) if f.get("kind", "image") == "image"
    ]
    return result


def score_corpus(folders: Iterable[Path] = (CORPUS,)) -> list[DocumentScore]:
    scores = []
    for folder in folders:
        for name, path, answer in list_documents(folder):
            expected = json.loads(answer.read_text(encoding="utf-8"))
            stories = parse_document_file(path)
            index = int(expected.get("item", 0))
            parsed = stories[index] if index < len(stories) else None
            scores.append(score_document(name, parsed, expected))
    return scores


def summarise(scores: list[DocumentScore]) -> dict[str, Any]:
    count = len(scores) or 1
    must = sum(s.must_contain for s in scores)
    figures = sum(s.figures_expected for s in scores)
    return {
        "documents": len(scores),
        "correct": sum(s.correct for s in scores),
        "correct_share": sum(s.correct for s in scores) / count,
        "headlines_right": sum(s.headline_ok for s in scores if not s.refused),
        "articles": sum(not s.refused for s in scores),
        "must_contain_recall": (
            sum(s.must_contain_found for s in scores) / must if must else 1.0
        ),
        "figures_right": sum(s.figures_right for s in scores),
        "figures_expected": figures,
        "publishers": len({s.publisher for s in scores if s.publisher}),
        "languages": sorted({s.language for s in scores if s.language}),
    }


def format_report(scores: list[DocumentScore], *, verbose: bool = False) -> str:
    lines = []
    for s in scores:
        mark = "ok  " if s.correct else "FAIL"
        lines.append(f"{mark} {s.name:44} {s.language:3} {s.publisher}")
        if verbose or not s.correct:
            lines.extend(f"       - {failure}" for failure in s.failures)
    total = summarise(scores)
    lines.append(
        f"{total['correct']}/{total['documents']} documents fully correct "
        f"({total['correct_share']:.0%}); headlines {total['headlines_right']}/"
        f"{total['articles']}; must-contain recall "
        f"{total['must_contain_recall']:.3f}; figures {total['figures_right']}/"
        f"{total['figures_expected']}; {total['publishers']} publishers, "
        f"languages: {', '.join(total['languages'])}"
    )
    return "\n".join(lines)
