"""Pure tests: the development corpus (``ingest/corpus/documents``) scored by the
same code as ``masthead manage score_ingest_corpus``, and the rules behind it
(caption/credit pairs, headlines) on their own (issue 18)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from masthead.ingest import scoring
from masthead.ingest.parsers.credits import split_caption_credit
from masthead.ingest.parsers.html.headline import choose_headline, clean_meta_title

FLOOR = 0.9


@pytest.fixture(scope="module")
def scores() -> list[scoring.DocumentScore]:
    return scoring.score_corpus()


def test_the_corpus_is_varied_enough(scores):
    summary = scoring.summarise(scores)
    assert summary["documents"] >= 60
    assert summary["publishers"] >= 30
    assert len(summary["languages"]) >= 5
    kinds = {s.kind for s in scores}
    assert kinds == {"web page", "scraped text"}


def test_the_corpus_scores_above_the_floor_and_nothing_of_a_story_is_lost(scores):
    print("\n" + scoring.format_report(scores))  # noqa: T201 - the report
    summary = scoring.summarise(scores)
    assert summary["correct_share"] >= FLOOR, scoring.format_report(scores)
    assert summary["must_contain_recall"] == 1.0
    assert summary["headlines_right"] == summary["articles"]


def test_the_scoring_command_prints_a_line_per_document_and_a_total():
    out = StringIO()
    call_command("score_ingest_corpus", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1].split(" ")[0].count("/") == 1
    assert "documents fully correct" in lines[-1]
    assert any(line.startswith(("ok ", "FAIL")) for line in lines[:-1])


def test_a_scorer_catches_furniture_a_lost_paragraph_and_a_wrong_credit():
    from masthead.ingest.parsers import ParsedArticle, ParsedFigure

    parsed = ParsedArticle(
        headline="Bridge reopens",
        paragraphs=("The bridge reopened on Monday.", "Sign up to our newsletter"),
        figures=(ParsedFigure(caption="The bridge", credit="Getty"),),
    )
    expected = {
        "headline": "Bridge reopens",
        "first_paragraph": "The bridge reopened on Monday.",
        "must_contain": ["It cost £2m."],
        "must_not_contain": ["Sign up"],
        "figures": [{"caption": "The bridge", "credit": "Getty Images"}],
    }
    score = scoring.score_document("x", parsed, expected)
    assert not score.correct
    joined = " ".join(score.failures)
    assert "missing" in joined and "furniture kept" in joined and "figures" in joined


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "The pier at dusk. Photograph: Jane Doe/Reuters",
            "The pier at dusk.",
            "Jane Doe/Reuters",
        ),
        (
            "Debris in the street. (AP Photo/John Roe)",
            "Debris in the street.",
            "AP Photo/John Roe",
        ),
        (
            "A pumpjack at sunset. REUTERS/Eli Hart",
            "A pumpjack at sunset.",
            "REUTERS/Eli Hart",
        ),
        (
            "Getty Images A snowplough on the A9",
            "A snowplough on the A9",
            "Getty Images",
        ),
        (
            "AP:Associated Press Fans outside the ground",
            "Fans outside the ground",
            "Associated Press",
        ),
        ("Viajeros en Atocha, en Madrid. EFE", "Viajeros en Atocha, en Madrid.", "EFE"),
        ("Turisti a San Marco (foto Ansa)", "Turisti a San Marco", "Ansa"),
        (
            "Un train de nuit. Photo : Thomas Samson/AFP",
            "Un train de nuit.",
            "Thomas Samson/AFP",
        ),
        ("開花した標本木（NHK）", "開花した標本木", "NHK"),
        (
            "Waiting trucks. Credit... Ann Lee for The New York Times",
            "Waiting trucks.",
            "Ann Lee for The New York Times",
        ),
    ],
)
def test_caption_and_credit_are_told_apart_in_either_order(text, caption, credit):
    assert split_caption_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    [
        "The meeting in Helsinki. Reuters said it went well.",
        "Mr Trump and Mr Putin at their meeting (left)",
        "Crowds gathered in the square on Sunday.",
    ],
)
def test_a_caption_without_a_credit_is_left_whole(text):
    assert split_caption_credit(text) == (text, "")


def test_site_names_sections_and_bylines_come_off_metadata_titles():
    sites = ["The Guardian"]
    assert (
        clean_meta_title(
            "Otters return | Environment | The Guardian", site_names=sites, authors=[]
        )
        == "Otters return"
    )
    assert (
        clean_meta_title(
            "Pipes to be replaced | Eleanor Ainge Roy",
            site_names=[],
            authors=["Eleanor Ainge Roy"],
        )
        == "Pipes to be replaced"
    )
    assert (
        clean_meta_title(
            "Storm hits coast - Breitbart", site_names=["Breitbart"], authors=[]
        )
        == "Storm hits coast"
    )


def test_the_pages_own_heading_wins_over_a_social_headline():
    assert (
        choose_headline(
            heading="Chipmaker lifts forecast as demand surges",
            jsonld="",
            og_title="This chipmaker just raised its forecast — here’s why",
            page_title="Chipmaker lifts forecast as demand surges - Marketline",
            site_names=["Marketline"],
            authors=[],
        )
        == "Chipmaker lifts forecast as demand surges"
    )
    # A heading that is only the site's name is not the headline.
    assert (
        choose_headline(
            heading="Marketline",
            jsonld="",
            og_title="Chipmaker lifts forecast - Marketline",
            page_title="",
            site_names=["Marketline"],
            authors=[],
        )
        == "Chipmaker lifts forecast"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("r01-home-page", "front or section page"),
        ("r02-login-page", "sign-in page"),
        ("r03-not-found-page", "error page"),
    ],
)
def test_a_page_with_no_article_is_refused_with_the_reason(name, reason):
    from masthead.ingest import sources
    from masthead.ingest.report import ImportFailed

    document = sources.read_source(str(scoring.CORPUS / f"{name}.html"))
    with pytest.raises(ImportFailed, match=reason):
        sources.parse_document(document)


# -- bad input (issue 18) -----------------------------------------------------------


def test_a_text_with_no_blank_lines_pairs_no_caption_by_adjacency():
    from masthead.ingest.parsers import parse_scraped_text

    text = (
        "Council approves new library\n"
        "The council approved plans for a new library on Tuesday.\n"
        "Getty Images\n"
        "It will open in 2026 and hold 80,000 books.\n"
    )
    parsed = parse_scraped_text(text)
    # Every line follows the one before: nothing tells a caption from a
    # paragraph, so both paragraphs stay paragraphs.
    assert parsed.paragraphs == (
        "The council approved plans for a new library on Tuesday.",
        "It will open in 2026 and hold 80,000 books.",
    )


def test_one_huge_paragraph_imports_whole_in_text_and_html():
    from masthead.ingest.parsers import parse_scraped_text
    from masthead.ingest.parsers.html import parse_html

    sentence = "The committee met again and the report was read aloud. "
    huge = sentence * 20000  # about 1.1 MB in one paragraph
    parsed = parse_scraped_text(f"Long report read aloud\n\n{huge}\n")
    assert parsed.headline == "Long report read aloud"
    assert len(parsed.paragraphs) == 1
    page = parse_html(
        f"<html><head><title>Long report read aloud</title></head><body><article>"
        f"<h1>Long report read aloud</h1><p>{huge}</p></article></body></html>"
    )
    assert page.headline == "Long report read aloud"
    assert sum(len(p) for p in page.paragraphs) > 1_000_000
