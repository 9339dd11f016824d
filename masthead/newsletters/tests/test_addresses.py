import pytest

from masthead.newsletters.services.addresses import (
    email_key,
    find_address_problem,
    normalise_email,
)


@pytest.mark.parametrize(
    "email",
    ["reader@example.org", "First.Last+news@Example.ORG", "a@münchen.de"],
)
def test_ordinary_addresses_are_accepted(email):
    assert find_address_problem(email) is None


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("", "enter your email"),
        ("   ", "enter your email"),
        ("reader@gmial.com", "reader@gmail.com"),
        ("reader@hotmial.com", "reader@hotmail.com"),
        ("postmaster@example.org", "role addresses"),
        ("Abuse@example.org", "role addresses"),
        ("someone@mailinator.com", "throwaway"),
        ("someone@eu.mailinator.com", "throwaway"),
        ("jörg@example.org", "plain letters"),
        ("reader@example.org\r\nBcc: all@example.org", "line breaks"),
        ("reader@example.org\n", "line breaks"),
        ("<script>alert(1)</script>@example.org", "whole email address"),
        ("no-at-sign", "whole email address"),
        ("a@b", "whole email address"),
        ("a" * 250 + "@example.org", "at most 254"),
        ("a..b@example.org", "whole email address"),
    ],
)
def test_bad_addresses_are_refused_with_a_sentence(email, words):
    problem = find_address_problem(email)
    assert problem is not None
    assert words in problem


def test_the_local_part_is_kept_as_typed_and_matched_without_case():
    assert normalise_email(" Ann.Lee@Example.ORG ") == "Ann.Lee@example.org"
    assert email_key("Ann.Lee@Example.ORG") == "ann.lee@example.org"
