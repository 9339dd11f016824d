"""Fixtures for the account tests: a clean rate-limit slate and readers."""

import re

import pytest

READER_PASSWORD = "correct horse battery 42"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """allauth counts attempts in the cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_reader(db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    def make(email="reader@example.com", *, name="Ada Reader", verified=True):
        user = get_user_model().objects.create_user(
            username=email.split("@")[0],
            email=email,
            password=READER_PASSWORD,
            first_name=name,
        )
        EmailAddress.objects.create(
            user=user, email=email, primary=True, verified=verified
        )
        return user

    return make


def find_link(body: str, path_fragment: str) -> str:
    """The first URL in an email body that contains ``path_fragment``."""
    for url in re.findall(r"https?://[^\s<>\"]+", body):
        if path_fragment in url:
            return url
    raise AssertionError(f"no link with {path_fragment!r} in {body!r}")
