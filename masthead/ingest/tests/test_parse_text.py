"""Pure tests for ``parse_scraped_text`` and ``decode_text``: no database.

Over 400 lines: one table-driven case per kind of scraped text, kept together so a
new kind is added next to its neighbours.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from masthead.ingest.parsers import (
    ParsedArticle,
    ParsedFigure,
    ParsedSource,
    decode_text,
    load_boilerplate_rules,
    parse_scraped_text,
)

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "seed-page.txt"

WIDGETS = [
    "We're not around right now. But you can send us an email and we'll get back "
    "to you, asap.",
    "Log in with your credentials",
    "Forgot your details?",
]


@pytest.fixture(scope="module")
def seed() -> ParsedArticle:
    return parse_scraped_text(decode_text(SEED.read_bytes()))


def parse(*lines: str) -> ParsedArticle:
    return parse_scraped_text("\n\n".join(lines))


# The reference page -------------------------------------------------------------


def test_seed_copy_is_byte_for_byte_the_reference_page():
    # The demo copy must not drift from /work/shared/reference/seed-page.txt:
    # no trailing newline added, no quotes straightened by an editor.
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "ea8b39732d363a41f4bf883e9ddf13ca58d52b10778be60c26939d296ea8c040"


def test_seed_headline_keeps_its_curly_quotes(seed):
    assert seed.headline == "Trump calls Putin and talks of ‘Russian Hoax’"


def test_seed_has_the_sixteen_body_paragraphs_in_order(seed):
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line]
    body = [
        line
        for line in lines[1:]
        if "Image copyright" not in line and not line.startswith("Image caption")
    ][:-3]
    assert len(seed.paragraphs) == 16
    assert list(seed.paragraphs) == body
    assert seed.paragraphs[0].startswith("US President Donald Trump has said he spoke")
    assert seed.paragraphs[-1].startswith("Mr Mueller concluded")


def test_seed_figures_carry_alt_credit_caption_and_position(seed):
    assert seed.figures == (
        ParsedFigure(
            alt="US President Donald Trump and Russian President Vladimir Putin",
            credit="BRENDAN SMIALOWSKI/Getty",
            caption="Mr Trump and Mr Putin at their controversial meeting in Helsinki",
            position=0,
        ),
        ParsedFigure(
            alt="",
            credit="ALEXEY NIKOLSKY/Getty",
            caption="Mr Trump has defended Russia in the past over claims of "
            "interference in the 2016 election",
            position=11,
        ),
    )


def test_seed_second_figure_stands_before_the_sanders_quote(seed):
    assert seed.paragraphs[11].startswith("Press secretary Sarah Sanders said:")


def test_seed_removes_exactly_the_three_trailing_widgets(seed):
    assert list(seed.removed) == WIDGETS
    assert not any(widget in seed.paragraphs for widget in WIDGETS)


def test_seed_tweet_is_a_standalone_post_by_the_us_president(seed):
    quote = next(q for q in seed.quotes if q.paragraph == 1)
    assert quote.kind == "post"
    assert quote.speaker == "the US president"
    assert quote.standalone
    assert quote.text == "Had a long and very good conversation with President Putin,"


def test_seed_sanders_quote_has_speaker_and_role(seed):
    quote = next(q for q in seed.quotes if q.paragraph == 11)
    assert (quote.speaker, quote.role, quote.kind) == (
        "Sarah Sanders",
        "Press secretary",
        "quote",
    )
    assert quote.standalone
    assert quote.text.startswith("Very, very briefly it was discussed")


def test_seed_friday_tweet_is_a_post_that_is_not_standalone(seed):
    quote = next(q for q in seed.quotes if q.paragraph == 6)
    assert (quote.speaker, quote.kind, quote.standalone) == ("Mr Trump", "post", False)


def test_seed_pronoun_speaker_is_left_empty(seed):
    quote = next(q for q in seed.quotes if q.paragraph == 8)
    assert quote.speaker == ""


def test_seed_scare_quotes_are_not_quotes(seed):
    assert {q.paragraph for q in seed.quotes} == {1, 6, 8, 11}


def test_seed_to_dict_has_the_agreed_shape(seed):
    data = seed.to_dict()
    assert list(data) == [
        "headline",
        "standfirst",
        "paragraphs",
        "figures",
        "quotes",
        "source",
        "published",
        "authors",
        "removed",
        "modified",
    ]
    assert set(data["figures"][0]) >= {"alt", "caption", "credit", "src", "position"}
    assert set(data["quotes"][0]) == {
        "text",
        "speaker",
        "role",
        "kind",
        "paragraph",
        "standalone",
    }
    assert data["source"] == {"name": "", "url": "", "id": ""}
    assert ParsedArticle.from_dict(json.loads(json.dumps(data))) == seed


def test_source_is_passed_through():
    source = ParsedSource(name="BBC News", url="https://example.org/a", id="x:1")
    assert parse_scraped_text("Title\n\nBody.", source=source).source == source


# Headline, paragraphs, header lines ----------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\x00\x00", "\ufeff \t\n"])
def test_empty_input_gives_an_empty_article(text):
    article = parse_scraped_text(text)
    assert (article.headline, article.paragraphs, article.figures) == ("", (), ())


def test_only_widget_lines_give_no_headline_and_report_them():
    article = parse(*WIDGETS)
    assert article.headline == ""
    assert article.paragraphs == ()
    assert list(article.removed) == WIDGETS


def test_paragraphs_without_blank_lines_and_with_crlf_are_split():
    article = parse_scraped_text("Title\r\nOne.\r\nTwo.\rThree.")
    assert article.paragraphs == ("One.", "Two.", "Three.")


def test_byline_date_and_marked_standfirst_are_read_from_the_header():
    article = parse(
        "Title",
        "By Jane Doe and John Smith",
        "3 May 2019",
        "Standfirst: A short summary.",
        "Body.",
    )
    assert article.authors == ("Jane Doe", "John Smith")
    assert article.published == "2019-05-03"
    assert article.standfirst == "A short summary."
    assert article.paragraphs == ("Body.",)


def test_unmarked_first_paragraph_is_not_taken_as_standfirst():
    assert parse("Title", "A short first paragraph.", "More.").standfirst == ""


def test_header_lines_after_the_first_paragraph_stay_paragraphs():
    article = parse("Title", "Body.", "By Jane Doe", "3 May 2019")
    assert article.paragraphs == ("Body.", "By Jane Doe", "3 May 2019")
    assert article.authors == ()


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("2019-05-03T12:00:00Z", "2019-05-03T12:00:00+00:00"),
        ("Published: 3 May 2019", "2019-05-03"),
        ("Friday 3 May 2019, 14:05 BST", "2019-05-03T14:05:00+01:00"),
        ("May 3, 2019 at 2:05 pm", "2019-05-03T14:05:00"),
    ],
)
def test_date_lines_become_iso_published(line, published):
    assert parse("Title", line, "Body.").published == published


def test_impossible_date_stays_text():
    assert (
        parse("Title", "31 February 2019", "Body.").paragraphs[0] == "31 February 2019"
    )


def test_sentence_starting_with_by_is_not_a_byline():
    article = parse("Title", "By Monday, the talks had stalled completely.")
    assert article.authors == ()
    assert article.paragraphs == ("By Monday, the talks had stalled completely.",)


# Figures --------------------------------------------------------------------------


def test_credit_then_caption_is_one_figure_before_the_next_paragraph():
    article = parse(
        "Title",
        "First.",
        "A cat on a wall Image copyright Jane Doe",
        "Image caption The cat",
        "Second.",
    )
    assert article.figures == (
        ParsedFigure(
            alt="A cat on a wall", credit="Jane Doe", caption="The cat", position=1
        ),
    )
    assert article.paragraphs == ("First.", "Second.")


def test_caption_before_credit_is_one_figure():
    article = parse(
        "Title", "Image caption The cat", "Image copyright Jane Doe", "Body."
    )
    assert [(f.caption, f.credit) for f in article.figures] == [("The cat", "Jane Doe")]


def test_lone_image_copyright_takes_the_credit_on_the_next_line():
    article = parse(
        "Title", "Image copyright", "Jane Doe", "Image caption Cat", "Body."
    )
    assert [(f.credit, f.caption) for f in article.figures] == [("Jane Doe", "Cat")]
    assert article.paragraphs == ("Body.",)


@pytest.mark.parametrize(
    "credit_line",
    ["Getty Images", "Picture: Jane Doe", "Photo: Jane Doe", "© Jane Doe"],
)
def test_bare_and_labelled_credit_lines_are_figure_credits(credit_line):
    article = parse("Title", credit_line, "Image caption Cat", "Body.")
    assert len(article.figures) == 1
    assert article.figures[0].caption == "Cat"
    assert article.paragraphs == ("Body.",)


def test_media_caption_is_a_video_figure():
    (figure,) = parse("Title", "Media caption The mayor speaks", "Body.").figures
    assert (figure.kind, figure.caption, figure.credit) == (
        "video",
        "The mayor speaks",
        "",
    )


def test_figure_after_the_last_paragraph_points_past_the_end():
    article = parse("Title", "Body.", "Image copyright X", "Image caption Y")
    assert article.figures[0].position == len(article.paragraphs) == 1


@pytest.mark.parametrize(
    "line",
    [
        "A court ruled on the Image copyright dispute between two agencies.",
        "A court ruled on the image copyright row",
        "Copyright law was changed in 2019.",
        "Copyrighted material",
        "Photo: the one thing the family kept from the fire was a wedding album.",
    ],
)
def test_sentences_that_look_like_figure_markers_are_text(line):
    article = parse("Title", line)
    assert (article.paragraphs, article.figures) == ((line,), ())


def test_slash_name_without_a_figure_beside_it_is_text():
    assert parse("Title", "Jane Doe/BBC", "Body.").paragraphs == (
        "Jane Doe/BBC",
        "Body.",
    )


# Chrome -----------------------------------------------------------------------------


def test_widget_lines_are_removed_anywhere_and_reported_in_order():
    article = parse("Skip to content", "Title", "One.", "Share this story", "Two.")
    assert article.headline == "Title"
    assert article.paragraphs == ("One.", "Two.")
    assert article.removed == ("Skip to content", "Share this story")


def test_short_lines_among_trailing_widgets_are_chrome():
    article = parse("Title", "Body.", "Related Topics", "Russia", "Donald Trump")
    assert article.paragraphs == ("Body.",)
    assert article.removed == ("Related Topics", "Russia", "Donald Trump")


def test_short_paragraph_before_the_trailing_widgets_stays():
    article = parse("Title", "Body.", "Additional reporting by Jane Doe", "Share this")
    assert article.paragraphs == ("Body.", "Additional reporting by Jane Doe")


def test_short_paragraphs_in_the_middle_stay():
    article = parse("Title", "One.", "What happens next", "It did not.", "Two.")
    assert article.paragraphs == ("One.", "What happens next", "It did not.", "Two.")


def test_related_list_in_the_middle_is_removed_up_to_the_next_sentence():
    article = parse(
        "Title", "One.", "More on this story", "Link one", "Link two", "Two."
    )
    assert article.paragraphs == ("One.", "Two.")
    assert article.removed == ("More on this story", "Link one", "Link two")


def test_real_sentences_mentioning_widgets_are_kept():
    lines = (
        "The site asked readers to log in with your credentials, it said.",
        "Readers who forgot your details? were told to call.",
        "We use cookies as an example of tracking in this story",
    )
    assert parse("Title", *lines).paragraphs == lines


def test_extra_rules_are_applied():
    rules = load_boilerplate_rules(extra_patterns=[("promo", r"Buy the print edition")])
    article = parse_scraped_text("Title\nBody.\nBuy the print edition", rules=rules)
    assert article.removed == ("Buy the print edition",)


def test_curly_apostrophes_match_straight_rules():
    article = parse("Title", "Body.", "We’re not around right now. Back soon.")
    assert article.removed == ("We’re not around right now. Back soon.",)


# Quotes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "speaker", "role", "kind", "standalone"),
    [
        ("“Fine,” the minister said.", "the minister", "", "quote", True),
        ('"Fine," the minister said.', "the minister", "", "quote", True),
        (
            "“Fine,” said Jane Doe, the chief executive.",
            "Jane Doe",
            "the chief executive",
            "quote",
            True,
        ),
        ("“Fine,” she tweeted on Monday.", "", "", "post", True),
        ("“Fine,” he told the BBC.", "", "", "quote", False),
        ("“Fine,” he said, before leaving the room.", "", "", "quote", False),
        (
            "Foreign Minister Ana Lund said: “Fine.”",
            "Ana Lund",
            "Foreign Minister",
            "quote",
            True,
        ),
        ("Ms Lund said on Twitter: “Fine.”", "Ms Lund", "", "post", False),
        (
            "In a statement, the company said: “Fine.”",
            "the company",
            "",
            "quote",
            False,
        ),
        ("Ms Lund said: “Fine.” She then left.", "Ms Lund", "", "quote", False),
    ],
)
def test_attributed_quotes_are_found(paragraph, speaker, role, kind, standalone):
    (quote,) = parse("Title", paragraph).quotes
    assert (quote.speaker, quote.role, quote.kind, quote.standalone) == (
        speaker,
        role,
        kind,
        standalone,
    )
    assert quote.paragraph == 0


@pytest.mark.parametrize(
    "paragraph",
    [
        "She called the plan “a disaster”.",
        "“A long quote with no attribution at all.”",
        "The so-called “deal” said to be worth millions was signed.",
        "“Unclosed quote, continued in the next paragraph,",
    ],
)
def test_unattributed_quotation_marks_are_not_quotes(paragraph):
    assert parse("Title", paragraph).quotes == ()


def test_quotes_leave_paragraphs_in_place():
    article = parse("Title", "“Fine,” he said.", "Next.")
    assert article.paragraphs == ("“Fine,” he said.", "Next.")


# decode_text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Trump’s “call”\n".encode(), "Trump’s “call”\n"),
        (b"\xef\xbb\xbfTitle\r\nBody", "Title\nBody"),
        (
            b"Old \x93smart\x94 quotes \x96 and \x92s\r\n",
            "Old “smart” quotes – and ’s\n",
        ),
        (b"caf\xe9 na\xefve", "café naïve"),
        (b"a\x00b\rc", "ab\nc"),
        ("Title\nBody".encode("utf-16"), "Title\nBody"),
        (b"undefined \x81 byte", "undefined \x81 byte"),
        ("Trump’s ".encode() + b"\x93pasted\x94", "Trump’s “pasted”"),
        ("„Fuß“ und “Straße”".encode("cp1252"), "„Fuß“ und “Straße”"),
    ],
)
def test_decode_text_handles_common_encodings(data, text):
    assert decode_text(data) == text
