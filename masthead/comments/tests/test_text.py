"""Pure: cleaning, counting links, fingerprints and the escaped, linked HTML."""

import pytest

from masthead.comments.text import (
    clean_comment_text,
    count_links,
    fingerprint,
    render_comment_html,
)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("  hello  \n\n\n\n\nworld  ", "hello\n\nworld"),
        ("nul\x00 and bell\x07", "nul and bell"),
        ("right\u202eto-left override", "rightto-left override"),
        ("zero\u200bwidth", "zerowidth"),
        ("cafe\u0301", "café"),
        ("\t tabs\t", "tabs"),
        ("", ""),
        (None, ""),
    ],
)
def test_text_is_cleaned_to_plain_lines(raw, cleaned):
    assert clean_comment_text(raw) == cleaned


def test_links_are_counted_with_and_without_a_scheme():
    assert count_links("see https://a.example/x and www.b.example, not c.example") == 2


def test_fingerprint_ignores_case_spacing_and_punctuation():
    assert fingerprint("Buy NOW!!! at  shop") == fingerprint("buy now at shop")
    assert fingerprint("buy now") != fingerprint("buy later")


def test_script_and_markup_are_shown_as_text():
    html = render_comment_html('<script>alert(1)</script> <b onclick="x">hi</b>')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt;" in html


def test_plain_urls_become_nofollow_links_and_trailing_punctuation_stays_text():
    html = render_comment_html(
        "Read https://news.example/a?b=1&c=2. Then www.x.example"
    )
    assert (
        '<a href="https://news.example/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://news.example/a?b=1&amp;c=2</a>." in html
    )
    assert '<a href="https://www.x.example" rel="nofollow ugc noopener">' in html


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        'https://x.example/"onmouseover="alert(1)',
        "https://user@evil.example/",
        "https://x.example\\@evil.example/",
    ],
)
def test_unsafe_addresses_are_not_links_or_cannot_break_out(text):
    html = render_comment_html(text)
    assert "javascript:" not in html or "<a" not in html
    assert 'onmouseover="' not in html
    assert "@evil" not in html.split(">")[0] or "<a" not in html


def test_paragraphs_and_line_breaks_are_kept():
    assert render_comment_html("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"


def test_unicode_and_right_to_left_text_pass_through():
    assert render_comment_html("مرحبا 👋 naïve") == "<p>مرحبا 👋 naïve</p>"
