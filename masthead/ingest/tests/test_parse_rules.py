"""Pure tests for the boilerplate rules data and its loader."""

from __future__ import annotations

import pytest

from masthead.ingest.parsers import load_boilerplate_rules
from masthead.ingest.parsers.rules import SHIPPED_RULES, parse_rules_text


def test_shipped_rules_file_loads_and_groups_rules_by_kind():
    rules = load_boilerplate_rules()
    kinds = {rule.kind for rule in rules.rules}
    assert {"contact", "login", "cookies", "newsletter", "share", "related"} <= kinds
    assert {"navigation", "footer"} <= kinds
    assert all(str(SHIPPED_RULES) in rule.origin for rule in rules.rules)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("We're not around right now. But you can send us an email.", "contact"),
        ("Log in with your credentials", "login"),
        ("Forgot your details?", "login"),
        ("Skip to content", "navigation"),
        ("We use cookies to improve your experience.", "cookies"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("Share this story About sharing", "share"),
        ("More on this story", "related"),
        ("Related Topics", "related"),
        ("3 hours ago", "timestamps"),
        ("© 2024 Valley News. All rights reserved.", "footer"),
    ],
)
def test_shipped_rules_recognise_common_widgets(line, kind):
    rule = load_boilerplate_rules().match(line)
    assert rule is not None and rule.kind == kind


@pytest.mark.parametrize(
    "line",
    [
        "The minister said she had forgotten her password to the system.",
        "Readers can share this story with friends, the editor said.",
        "More from the minister's speech is expected on Monday.",
        "Also on the agenda was the budget.",
        "Copyright law was changed in 2019.",
        "We use the term loosely.",
    ],
)
def test_shipped_rules_leave_sentences_alone(line):
    assert load_boilerplate_rules().match(line) is None


def test_list_headings_are_marked_as_starting_a_list():
    rule = load_boilerplate_rules().match("More on this story")
    assert rule is not None and rule.starts_list


def test_extra_rules_file_is_merged_after_the_shipped_one(tmp_path):
    path = tmp_path / "site.txt"
    path.write_text("# our site\n[promo]\nBuy the print edition\n\\#hashtag\n")
    rules = load_boilerplate_rules(extra_paths=[path])
    assert len(rules) == len(load_boilerplate_rules()) + 2
    assert rules.match("buy the PRINT edition").kind == "promo"
    assert rules.match("#hashtag").origin == f"{path}:4"


def test_invalid_regex_in_a_rules_file_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("[promo]\nfine\nbroken (\n")
    with pytest.raises(ValueError, match=rf"{path}:3.*broken"):
        load_boilerplate_rules(extra_paths=[path])


def test_malformed_group_header_names_file_and_line():
    with pytest.raises(ValueError, match="x.txt:2"):
        parse_rules_text("ok\n[broken\n", origin="x.txt")


def test_invalid_extra_pattern_is_reported_by_number():
    with pytest.raises(ValueError, match="extra pattern 2"):
        load_boilerplate_rules(extra_patterns=["fine", "("])


def test_missing_rules_file_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        load_boilerplate_rules(extra_paths=[tmp_path / "missing.txt"])


def test_rules_match_the_whole_line_only():
    rules = load_boilerplate_rules(extra_patterns=["Subscribe"])
    assert rules.match("Subscribe") is not None
    assert rules.match("Subscribe to nothing in particular today.") is None


def test_overlong_lines_are_never_boilerplate():
    rules = load_boilerplate_rules(extra_patterns=[".*"])
    assert rules.match("x" * 5000) is None
