"""No GET changes state: every route the resolver knows, fetched with GET by an
Admin-role account (who may open the most), leaves the row count of every model
as it was.

Rows that a GET may legitimately write are listed in ``WRITTEN_ON_READ`` with the
reason; anything else that appears or disappears fails with the route's name.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from .conftest import sign_in
from .endpoints import SHADOWED, all_routes, sample_url
from .test_csrf import CATCH_ALL_SAMPLES

pytestmark = pytest.mark.django_db

# "app_label.ModelName" → why a read may write it.
WRITTEN_ON_READ = {
    "sessions.Session": "signing the test client in writes the session itself",
    "wagtailusers.UserProfile": (
        "Wagtail creates a staff member's admin preferences row on first visit"
    ),
    "wagtailadmin.EditingSession": (
        "opening an editor announces 'someone else is editing' (Wagtail's "
        "concurrent-editing notice); it holds no content and expires"
    ),
    "wagtailcore.PageSubscription": (
        "Wagtail subscribes whoever opens a page's editor to its comment "
        "notifications (get_or_create of a preference row, no content)"
    ),
    "core.NewsroomSettings": (
        "Wagtail site settings create the site's default settings row on first read"
    ),
    "account.EmailAddress": (
        "allauth records the address an account already has (User.email) as its "
        "EmailAddress row the first time the email page is shown; no new address"
    ),
    "wagtailimages.Rendition": "a resized copy of a photo, made on first request",
    "images.NewsRendition": "a resized copy of a photo, made on first request",
}


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        label = f"{meta.app_label}.{meta.object_name}"
        if label in WRITTEN_ON_READ:
            continue
        counts[label] = model._base_manager.count()
    return counts


def test_no_get_changes_a_row(world):
    # Wagtail's /admin/failwhale/ raises on purpose: a 500 is an answer here.
    client = Client(raise_request_exception=False)
    admin = world.users["admin"]
    changed = []
    visited = 0
    for route in all_routes():
        if route.path in CATCH_ALL_SAMPLES:
            url = CATCH_ALL_SAMPLES[route.path].format(world=world)
        else:
            url = sample_url(route, world)
        if url in (None, SHADOWED):
            continue  # test_csrf.py fails for routes it can't reach
        client.force_login(admin)
        before = row_counts()
        client.get(url)
        after = row_counts()
        visited += 1
        diff = {k: after[k] - before[k] for k in before if after[k] != before[k]}
        if diff:
            changed.append((route.name, url, diff))
    assert visited > 250
    assert not changed, "\n".join(map(str, changed))


def test_the_proof_sees_a_write(world):
    """``row_counts`` notices a new row (the comparison above is not vacuous)."""
    before = row_counts()
    sign_in(Client(), world, "editor")
    from masthead.people.models import Person

    Person.objects.create(name="New byline")
    after = row_counts()
    assert after["people.Person"] == before["people.Person"] + 1
