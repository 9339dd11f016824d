"""Every role against the admin's endpoints: what each may open or do.

Outcomes: ``ok`` (200), ``done`` (the action went through and redirected),
``denied`` (403, or Wagtail's redirect to the dashboard with "Sorry, you do not
have permission"), ``login`` (sent to the admin's login page).

To add an endpoint (the contact inbox, Import, …), add a row to ``ENDPOINTS`` and
its expected outcome for every role to ``EXPECTED``; a missing entry fails the test.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

from .factories import article_form_data

pytestmark = pytest.mark.django_db

ROLES = ("contributor", "editor", "photo_editor", "admin", "reader", "anonymous")


@dataclass(frozen=True)
class Endpoint:
    url: str  # formatted with the ids of ``section``, ``story`` and ``site``
    method: str = "get"
    data: dict = field(default_factory=dict)


ENDPOINTS = {
    "admin home": Endpoint("/admin/"),
    "pages explorer": Endpoint("/admin/pages/{section}/"),
    "add article": Endpoint("/admin/pages/add/articles/articlepage/{section}/"),
    "edit article": Endpoint("/admin/pages/{story}/edit/"),
    "publish article": Endpoint("/admin/pages/{story}/edit/", method="post"),
    "images index": Endpoint("/admin/images/"),
    "image upload": Endpoint("/admin/images/multiple/add/"),
    "documents": Endpoint("/admin/documents/"),
    "snippets: people": Endpoint("/admin/snippets/people/person/"),
    "settings": Endpoint("/admin/settings/core/newsroomsettings/{site}/"),
    "users": Endpoint("/admin/users/"),
    "workflows": Endpoint("/admin/workflows/list/"),
    "redirects": Endpoint("/admin/redirects/"),
    "reports": Endpoint("/admin/reports/locked/"),
    "import": Endpoint("/admin/import/"),
}

OK, DONE, DENIED, LOGIN = "ok", "done", "denied", "login"

#                      contributor editor photo_editor admin reader anonymous
EXPECTED = {
    "admin home": (OK, OK, OK, OK, LOGIN, LOGIN),
    "pages explorer": (OK, OK, DENIED, OK, LOGIN, LOGIN),
    "add article": (OK, OK, DENIED, OK, LOGIN, LOGIN),
    "edit article": (DENIED, OK, DENIED, OK, LOGIN, LOGIN),
    "publish article": (DENIED, DONE, DENIED, DONE, LOGIN, LOGIN),
    "images index": (OK, OK, OK, OK, LOGIN, LOGIN),
    "image upload": (OK, OK, OK, OK, LOGIN, LOGIN),
    "documents": (OK, OK, OK, OK, LOGIN, LOGIN),  # audio and video for stories
    "snippets: people": (OK, OK, OK, OK, LOGIN, LOGIN),
    "settings": (DENIED, DENIED, DENIED, OK, LOGIN, LOGIN),
    "users": (DENIED, DENIED, DENIED, OK, LOGIN, LOGIN),
    "workflows": (DENIED, DENIED, DENIED, OK, LOGIN, LOGIN),
    "redirects": (DENIED, DENIED, DENIED, OK, LOGIN, LOGIN),
    "reports": (DENIED, OK, DENIED, OK, LOGIN, LOGIN),  # locked pages: lockers only
    "import": (OK, OK, DENIED, OK, LOGIN, LOGIN),  # creates drafts: page "add" only
}

CASES = [
    pytest.param(endpoint, role, EXPECTED[endpoint][n], id=f"{endpoint}-{role}")
    for endpoint in ENDPOINTS
    for n, role in enumerate(ROLES)
]


def test_every_endpoint_has_an_expectation_for_every_role():
    assert set(EXPECTED) == set(ENDPOINTS)
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


def sign_in(client, role):
    if role == "anonymous":
        return
    if role == "reader":
        user = get_user_model().objects.create_user(
            username="reader", email="reader@example.com", password="x"
        )
    else:
        group = {
            "contributor": roles.CONTRIBUTOR,
            "editor": roles.EDITOR,
            "photo_editor": roles.PHOTO_EDITOR,
            "admin": roles.ADMIN,
        }[role]
        user = make_staff(group, role.replace("_", ""))
    client.force_login(user)


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return LOGIN
        if location == "/admin/":
            return DENIED
        return DONE
    return str(response.status_code)


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_role_matrix(client, section, make_article, endpoint, role, expected):
    ensure_newsroom()
    story = make_article("Someone else's story", publish=False)
    sign_in(client, role)
    spec = ENDPOINTS[endpoint]
    site = Site.objects.get(is_default_site=True)
    url = spec.url.format(section=section.pk, story=story.pk, site=site.pk)
    if spec.method == "post":
        data = article_form_data(story, action="action-publish")
        response = client.post(url, data)
    else:
        response = client.get(url)

    assert outcome(response) == expected
    if endpoint == "publish article":
        story.refresh_from_db()
        assert story.live is (expected == DONE)
