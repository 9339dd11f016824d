"""CSRF, proven for every route the resolver knows (Wagtail admin and allauth
included): a state-changing request without a token, with a wrong token, or from a
foreign ``Origin`` over HTTPS is refused with 403 before any view runs.

The proof does not trust a view's ``csrf_exempt`` flag: the contact endpoints carry
it on the outside and run the check inside (``contact/views/limits.py``), and
Wagtail's admin API is exempt at the Django level but enforces CSRF through its
session authentication. Every route is sent the requests and must answer 403.
A route that deliberately accepts cross-site POSTs goes in ``DELIBERATELY_EXEMPT``
with the reason; a stale entry fails the test too.
"""

from __future__ import annotations

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from masthead.newsroom.tests.factories import article_form_data

from .conftest import sign_in
from .endpoints import SHADOWED, all_routes, matches, sample_url

pytestmark = pytest.mark.django_db

# URL name glob → why a cross-site, token-less POST must be accepted there.
DELIBERATELY_EXEMPT = {
    # h-headers (issue 17): browsers send CSP violation reports with no cookies
    # and no token; the endpoint only logs, rate- and size-limited.
    "*csp*": "browsers post violation reports without a token; it only logs",
    # h-letters (issue 19): the signup box is in cached pages (no token); the view
    # acts on no session, refuses a foreign Origin (403), is limited per IP and
    # address, and only mails a confirmation link (double opt-in).
    "newsletters:subscribe": "signup box in cached pages; Origin-checked, limited",
    # RFC 8058: mail providers POST one-click unsubscribes without cookies or token.
    "newsletters:unsubscribe": "RFC 8058 one-click POST; the signed link decides",
    # The mail provider's bounce/complaint webhook: a shared secret, not a session.
    "newsletters:bounces*": "ESP webhook authenticated by its secret token",
}

# Routes whose pattern can't be filled mechanically: a path that reaches each.
CATCH_ALL_SAMPLES = {
    r"admin/^.*/$": "/admin/no-such-view/",
    r"^((?:[\w\-]+/)*)$": "/world/",
    r"documents/^(\d+)/(.*)$": "/documents/{world.document.pk}/interview.mp3",
}

FOREIGN = "https://attacker.example"
SAME = "https://testserver"
METHODS = ("post", "put", "patch", "delete")


def route_urls(world):
    """``(route, url)`` for every route; fails if one can't be reached."""
    pairs, unreachable = [], []
    for route in all_routes():
        if route.path in CATCH_ALL_SAMPLES:
            url = CATCH_ALL_SAMPLES[route.path].format(world=world)
        else:
            url = sample_url(route, world)
        if url is None:
            unreachable.append(route.path)
        elif url != SHADOWED:
            pairs.append((route, url))
    assert not unreachable, (
        "Routes the proof can't build a URL for; add a sample to "
        f"endpoints.SAMPLE_TEXT or CATCH_ALL_SAMPLES: {unreachable}"
    )
    return pairs


def test_every_state_changing_route_refuses_a_forged_request(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world, "admin")
    token = _get_new_csrf_string()
    failures, exempt_seen = [], set()
    pairs = route_urls(world)
    assert len(pairs) > 250  # Wagtail admin, allauth and our own apps

    for route, url in pairs:
        exempt = [g for g in DELIBERATELY_EXEMPT if matches(route.name, [g])]
        if exempt:
            exempt_seen.update(exempt)
            continue
        # No token at all, with every unsafe method, from this site's own page
        # (so the Origin check passes and the token check is the one that refuses).
        # 405 is a refusal too for PUT/PATCH/DELETE: the view takes no such request.
        client.cookies.pop("csrftoken", None)
        for method in METHODS:
            response = getattr(client, method)(
                url, {}, secure=True, headers={"Origin": SAME}
            )
            allowed = {403} if method == "post" else {403, 405}
            if response.status_code not in allowed:
                failures.append((route.name, url, method, response.status_code))
        # A token that is not the one in the cookie.
        client.cookies["csrftoken"] = token
        response = client.post(
            url,
            {"csrfmiddlewaretoken": _get_new_csrf_string()},
            secure=True,
            headers={"Origin": SAME},
        )
        if response.status_code != 403:
            failures.append((route.name, url, "wrong token", response.status_code))
        # The right token pair, but sent from another site's page.
        response = client.post(
            url,
            {"csrfmiddlewaretoken": token},
            secure=True,
            headers={"Origin": FOREIGN},
        )
        if response.status_code != 403:
            failures.append((route.name, url, "foreign Origin", response.status_code))

    assert not failures, "\n".join(map(str, failures))
    stale = set(DELIBERATELY_EXEMPT) - exempt_seen
    # An exemption whose route is gone must go too (the CSP endpoint may not be
    # wired yet while h-headers works on it: only then is an unused entry fine).
    assert stale <= {"*csp*"}, stale


def test_a_genuine_token_from_this_site_is_accepted(world):
    """The refusals above are CSRF's, not something else's: the same request with
    the right token and this site's Origin gets through the check."""
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world, "admin")
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    data = article_form_data(world.story, title="Edited with a real token")
    response = client.post(
        f"/admin/pages/{world.story.pk}/edit/",
        {**data, "csrfmiddlewaretoken": token},
        secure=True,
        headers={"Origin": SAME},
    )
    assert response.status_code == 302
    world.story.refresh_from_db()
    assert (
        world.story.get_latest_revision_as_object().title == "Edited with a real token"
    )
