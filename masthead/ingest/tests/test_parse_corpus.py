"""Pure tests: the text and HTML parsers scored against a corpus of known answers.

Each ``corpus/NAME.txt`` or ``corpus/NAME.html`` has a hand-written
``corpus/NAME.expected.json``. The
reference page is scored from its demo copy and must come out perfect; the rest
of the corpus must stay above a floor, so a change that trades one page for
another shows up in the table instead of passing quietly.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from masthead.ingest.parsers import ParsedArticle, decode_text, parse_scraped_text
from masthead.ingest.parsers.html import parse_html

CORPUS = Path(__file__).resolve().parent / "corpus"
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "seed-page.txt"
FLOOR = 0.95


@dataclass(frozen=True)
class Score:
    name: str
    paragraphs_matched: int
    paragraphs_found: int
    paragraphs_expected: int
    figures_matched: int
    figures_total: int
    quotes_matched: int
    quotes_expected: int
    headline_ok: bool
    removed_ok: bool
    header_ok: bool

    @property
    def precision(self) -> float:
        return _ratio(self.paragraphs_matched, self.paragraphs_found)

    @property
    def recall(self) -> float:
        return _ratio(self.paragraphs_matched, self.paragraphs_expected)

    @property
    def figure_accuracy(self) -> float:
        return _ratio(self.figures_matched, self.figures_total)

    @property
    def perfect(self) -> bool:
        return (
            self.precision == self.recall == self.figure_accuracy == 1.0
            and self.quotes_matched == self.quotes_expected
            and self.headline_ok
            and self.removed_ok
            and self.header_ok
        )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def list_corpus_documents() -> list[tuple[str, Path, Path]]:
    documents = [("seed-page", SEED, CORPUS / "seed-page.expected.json")]
    for path in sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.html")]):
        name = path.name.rsplit(".", 1)[0]
        documents.append((name, path, CORPUS / f"{name}.expected.json"))
    return documents


def parse_corpus_document(path: Path) -> ParsedArticle:
    if path.suffix == ".html":
        return parse_html(path.read_bytes())
    return parse_scraped_text(decode_text(path.read_bytes()))


def score_document(name: str, parsed: ParsedArticle, expected: dict) -> Score:
    """Order-aware paragraph matching; figures must match in every field."""
    found, wanted = list(parsed.paragraphs), expected["paragraphs"]
    blocks = SequenceMatcher(a=found, b=wanted, autojunk=False).get_matching_blocks()
    figure_keys = ("alt", "caption", "credit", "position", "kind")
    found_figures = Counter(
        tuple(f.to_dict()[k] for k in figure_keys) for f in parsed.figures
    )
    wanted_figures = Counter(
        tuple(f[k] for k in figure_keys) for f in expected["figures"]
    )
    quote_keys = ("paragraph", "speaker", "role", "kind", "standalone")
    found_quotes = {tuple(q.to_dict()[k] for k in quote_keys) for q in parsed.quotes}
    wanted_quotes = [
        tuple(q[k] for k in quote_keys) for q in expected.get("quotes", [])
    ]
    removed = list(parsed.removed)
    return Score(
        name=name,
        paragraphs_matched=sum(block.size for block in blocks),
        paragraphs_found=len(found),
        paragraphs_expected=len(wanted),
        figures_matched=sum((found_figures & wanted_figures).values()),
        figures_total=max(len(parsed.figures), len(expected["figures"])),
        quotes_matched=sum(q in found_quotes for q in wanted_quotes),
        quotes_expected=len(wanted_quotes),
        headline_ok=parsed.headline == expected["headline"],
        removed_ok=(
            removed == expected["removed"]
            if "removed" in expected
            else len(removed) == expected["removed_count"]
        ),
        header_ok=(
            list(parsed.authors) == expected.get("authors", [])
            and parsed.published == expected.get("published")
            and parsed.standfirst == expected.get("standfirst", "")
        ),
    )


def score_corpus() -> list[Score]:
    scores = []
    for name, text_path, expected_path in list_corpus_documents():
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        parsed = parse_corpus_document(text_path)
        scores.append(score_document(name, parsed, expected))
    return scores


def format_table(scores: list[Score]) -> str:
    def yes(flag: bool) -> str:
        return "ok" if flag else "NO"

    header = (
        f"{'document':32} {'para P':>6} {'para R':>6} {'figs':>5} "
        f"{'quotes':>6} {'head':>4} {'chrome':>6} {'meta':>4}"
    )
    rows = [header, "-" * len(header)]
    for s in scores:
        rows.append(
            f"{s.name:32} {s.precision:6.3f} {s.recall:6.3f} "
            f"{s.figure_accuracy:5.2f} {s.quotes_matched:>3}/{s.quotes_expected:<2} "
            f"{yes(s.headline_ok):>4} {yes(s.removed_ok):>6} {yes(s.header_ok):>4}"
        )
    overall = compute_overall_scores(scores)
    rows.append("-" * len(header))
    rows.append(
        f"{'overall (' + str(len(scores)) + ' documents)':32} "
        f"{overall['precision']:6.3f} {overall['recall']:6.3f} "
        f"{overall['figures']:5.2f} {overall['quotes']:6.2f} "
        f"{overall['headline']:4.2f} {overall['removed']:6.2f} {overall['header']:4.2f}"
    )
    return "\n".join(rows)


def compute_overall_scores(scores: list[Score]) -> dict[str, float]:
    """Micro-averaged: every paragraph, figure and quote in the corpus counts once."""
    count = len(scores)
    return {
        "precision": _ratio(
            sum(s.paragraphs_matched for s in scores),
            sum(s.paragraphs_found for s in scores),
        ),
        "recall": _ratio(
            sum(s.paragraphs_matched for s in scores),
            sum(s.paragraphs_expected for s in scores),
        ),
        "figures": _ratio(
            sum(s.figures_matched for s in scores), sum(s.figures_total for s in scores)
        ),
        "quotes": _ratio(
            sum(s.quotes_matched for s in scores),
            sum(s.quotes_expected for s in scores),
        ),
        "headline": sum(s.headline_ok for s in scores) / count,
        "removed": sum(s.removed_ok for s in scores) / count,
        "header": sum(s.header_ok for s in scores) / count,
    }


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return score_corpus()


def test_corpus_has_twenty_documents_each_with_an_answer():
    texts = sorted(CORPUS.glob("*.txt"))
    pages = sorted(CORPUS.glob("*.html"))
    assert len(texts) >= 20
    assert len(pages) >= 10
    for path in [*texts, *pages]:
        assert (CORPUS / f"{path.name.rsplit('.', 1)[0]}.expected.json").exists()


def test_html_pages_score_above_the_floor_on_their_own(scores):
    pages = {path.name.rsplit(".", 1)[0] for path in CORPUS.glob("*.html")}
    html_scores = [s for s in scores if s.name in pages]
    print("\n" + format_table(html_scores))  # noqa: T201 - the table is the report
    overall = compute_overall_scores(html_scores)
    for key in ("precision", "recall", "figures", "headline", "removed"):
        assert overall[key] >= FLOOR, key


def test_corpus_scores_stay_above_the_floor(scores):
    print("\n" + format_table(scores))  # noqa: T201 - the table is the report
    overall = compute_overall_scores(scores)
    assert overall["precision"] >= FLOOR
    assert overall["recall"] >= FLOOR
    assert overall["figures"] >= FLOOR
    assert overall["quotes"] >= FLOOR
    assert overall["headline"] >= FLOOR
    assert overall["removed"] >= FLOOR


def test_reference_page_scores_perfectly(scores):
    seed = next(s for s in scores if s.name == "seed-page")
    assert seed.perfect, format_table([seed])


def test_corpus_expected_files_are_well_formed():
    for _name, _text, expected_path in list_corpus_documents():
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        assert {"headline", "paragraphs", "figures"} <= expected.keys()
        assert "removed" in expected or "removed_count" in expected
        for figure in expected["figures"]:
            assert 0 <= figure["position"] <= len(expected["paragraphs"])
