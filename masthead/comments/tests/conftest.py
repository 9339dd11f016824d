"""Readers and a story to comment under, for the comments tests."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import PASSWORD

_numbers = count(1)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache, which outlives each test's rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(make_article):
    return make_article("Harbour plan agreed", paragraphs=("The council votes.",))


@pytest.fixture
def make_reader(db):
    def make(*, verified: bool = True, age_minutes: int = 24 * 60, name: str = ""):
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model

        n = next(_numbers)
        email = f"reader{n}@example.org"
        user = get_user_model().objects.create_user(
            username=f"reader{n}", email=email, password=PASSWORD, first_name=name
        )
        user.date_joined = timezone.now() - timedelta(minutes=age_minutes)
        user.save(update_fields=["date_joined"])
        EmailAddress.objects.create(
            user=user, email=email, primary=True, verified=verified
        )
        return user

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader(name="Ada")
