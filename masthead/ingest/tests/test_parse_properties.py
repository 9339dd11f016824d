"""Pure property tests: the parser never raises and keeps its invariants."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.ingest.parsers import (
    ParsedArticle,
    decode_text,
    load_boilerplate_rules,
    parse_scraped_text,
)

RULES = load_boilerplate_rules()

# Every character, surrogates and controls included: scrapes contain anything.
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()))

WORDS = (
    "river council bridge library market harbour school garden ferry museum "
    "volunteers opened closed repaired announced counted planted measured "
    "north south town village morning evening winter summer new old"
).split()

sentences = st.lists(st.sampled_from(WORDS), min_size=4, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)

widget_lines = st.sampled_from(
    [
        "We're not around right now. But you can send us an email and we'll get "
        "back to you, asap.",
        "Log in with your credentials",
        "Forgot your details?",
        "Skip to content",
        "Share this story About sharing",
        "Related Topics",
        "More on this story",
    ]
)

figure_lines = st.sampled_from(
    [
        "A cat on a wall Image copyright Jane Doe/Getty",
        "Image copyright",
        "Image caption The cat sat on the wall",
        "Image source, Getty Images",
        "Media caption The mayor speaks",
        "Getty Images",
        "Photo: Jane Doe",
        "Caption: A dog",
        "Jane Doe/BBC",
        "Copyright Jane Doe",
    ]
)

odd_lines = st.sampled_from(
    [
        "",
        "   ",
        "\x00",
        "\t\t",
        "\ufeff",
        "By Jane Doe",
        "3 May 2019",
        "31 February 2019",
        "Summary: a summary",
        "“Fine,” he said.",
        '"Unclosed',
        "“" * 50,
        '"' * 51,
        "Image copyright " * 30,
        "x" * 20000,
        "word " * 5000,
        "“a,” said " * 300,
    ]
)

documents = st.lists(
    st.one_of(sentences, widget_lines, figure_lines, odd_lines, any_text),
    max_size=40,
).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"]).map(
        lambda sep: sep.join(lines)
    )
)


def check_invariants(article: ParsedArticle, text: str) -> None:
    assert isinstance(article, ParsedArticle)
    count = len(article.paragraphs)
    for paragraph in article.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        assert "\n" not in paragraph and "\x00" not in paragraph
    positions = [figure.position for figure in article.figures]
    assert positions == sorted(positions)
    assert all(0 <= position <= count for position in positions)
    assert all(figure.kind in ("image", "video") for figure in article.figures)
    for quote in article.quotes:
        assert 0 <= quote.paragraph < count
        assert quote.kind in ("quote", "post")
        assert quote.text in article.paragraphs[quote.paragraph]
    if not article.headline:
        assert count == 0
    data = json.loads(json.dumps(article.to_dict()))
    assert ParsedArticle.from_dict(data) == article


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_parser_never_raises_on_arbitrary_text(text):
    check_invariants(parse_scraped_text(text, rules=RULES), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_parser_never_raises_on_page_shaped_text(text):
    check_invariants(parse_scraped_text(text, rules=RULES), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(sentences, min_size=2, max_size=20), st.lists(widget_lines))
def test_sentences_are_never_dropped_and_widgets_always_are(body, widgets):
    text = "\n\n".join(["Headline", *body, *widgets])
    article = parse_scraped_text(text, rules=RULES)
    assert article.headline == "Headline"
    assert list(article.paragraphs) == body
    assert list(article.removed) == widgets


@settings(max_examples=200, deadline=None)
@given(st.lists(sentences, min_size=1, max_size=10), st.data())
def test_figure_positions_point_at_the_next_paragraph(body, data):
    slot = data.draw(st.integers(min_value=0, max_value=len(body)))
    lines = [*body[:slot], "Image copyright Jane Doe", "Image caption A cat"]
    article = parse_scraped_text("\n".join(["Headline", *lines, *body[slot:]]))
    assert len(article.figures) == 1
    assert article.figures[0].position == slot
    assert list(article.paragraphs) == body


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_decode_text_never_raises_and_normalises_newlines(data):
    text = decode_text(data)
    assert "\r" not in text and "\x00" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_decode_text_reads_utf8_back(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    assert decode_text(text.encode("utf-8")) == expected.removeprefix("\ufeff")


# ASCII plus cp1252's 0x80-0xBF (smart quotes, dashes, euro, no-break space):
# none of these bytes can start a UTF-8 sequence, so the reading is unambiguous.
cp1252_punctuation = st.characters(
    codec="cp1252", max_codepoint=0x2122, exclude_characters="\r\x00"
).filter(lambda char: char.isascii() or char.encode("cp1252")[0] < 0xC0)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=cp1252_punctuation))
def test_decode_text_reads_cp1252_smart_quotes_back(text):
    assert decode_text(text.encode("cp1252")) == text
