"""Every Wagtail admin endpoint × every role: who may open what.

The admin URLconf is walked (``endpoints.all_routes``), so a view added by Wagtail,
a hook or one of our apps appears here the day it is added and fails the test until
``ACCESS`` says who may use it (the first matching row decides; no row: failure).

Outcomes of a GET with sample arguments (``endpoints.sample_url``):
``refused`` is 403, Wagtail's "Sorry, you do not have permission" redirect to the
dashboard, or a redirect to a login page; ``missing`` is 404 (nothing revealed);
anything else (200, a redirect elsewhere, 405 for a POST-only view, 400 for a
view that needs parameters) counts as let in. A role listed for a row must be let
in; a role not listed must be refused (or get ``missing``).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from .conftest import SECRET, sign_in
from .endpoints import SHADOWED, all_routes, matches, sample_url

pytestmark = pytest.mark.django_db

C, E, P = "contributor", "editor", "photo_editor"
STAFF = (C, E, P)
ROLES = (*STAFF, "reader", "anonymous")
NOBODY: tuple[str, ...] = ()
EVERYONE = (*STAFF, "reader", "anonymous")
ANY = ("any",)  # no assertion: login/logout pages redirect by design

# URL name glob → roles that may open it. Read top to bottom; the first match wins.
# The Admin role and superusers may open everything; they are not in this matrix
# (masthead/newsroom/tests/test_role_matrix.py covers the Admin role's own rows).
ACCESS: list[tuple[str, tuple[str, ...]]] = [
    # Signing in and out, password reset, the icon sprite and translations: open to
    # anyone (h-door may send these to the allauth door; either answer is fine).
    ("admin_login", ANY),
    ("wagtailadmin_logout", ANY),
    ("wagtailadmin_password_reset*", ANY),
    ("wagtailadmin_sprite", EVERYONE),
    ("wagtailadmin_javascript_catalog", EVERYONE),
    # Every newsroom role: the dashboard, their account, the choosers a story
    # editor uses, the media libraries' lists and uploads, the people list.
    ("wagtailadmin_home", STAFF),
    ("wagtailadmin_account", STAFF),
    ("wagtailadmin_error_test", STAFF),  # Wagtail's deliberate 500 for staff
    ("wagtailadmin_dismissibles", STAFF),
    ("wagtailadmin_editing_sessions:*", STAFF),
    ("wagtailadmin_tag_autocomplete", STAFF),
    ("wagtailadmin_choose_page*", STAFF),
    ("wagtailadmin_api:*", STAFF),  # read-only JSON behind the admin's pickers
    ("wagtailadmin_pages:choose_parent", STAFF),
    ("wagtailadmin_pages:confirm_workflow_cancellation", STAFF),
    ("wagtailadmin_pages:move_confirm", STAFF),  # GET shows a title; POST checks
    ("wagtailadmin_pages:set_page_position", STAFF),  # POST only
    ("wagtailadmin_pages:lock", STAFF),  # POST only; the action checks the lock right
    ("wagtailadmin_pages:unlock", STAFF),  # POST only; idem
    ("wagtailadmin_pages:revisions_index", STAFF),  # redirects to history (refused)
    ("wagtailadmin_workflows:enable", STAFF),  # POST only
    ("wagtailadmin_workflows:remove", STAFF),  # POST only
    ("wagtailadmin_workflows:enable_task", STAFF),  # POST only
    ("wagtailadmin_workflows:task_chooser*", STAFF),
    ("wagtailadmin_workflows:task_chosen", STAFF),
    ("wagtailadmin_reports:site_history*", STAFF),
    ("wagtailimages:index*", STAFF),
    ("wagtailimages:*_multiple", STAFF),
    ("wagtailimages:*_uploaded_image", STAFF),
    ("wagtailimages_chooser:*", STAFF),
    ("masthead_image_original", STAFF),  # h-headers: originals behind the admin
    ("wagtaildocs:index*", STAFF),
    ("wagtaildocs:add*", STAFF),
    ("wagtaildocs:*_multiple", STAFF),
    ("wagtaildocs:*_uploaded_document", STAFF),
    ("wagtaildocs_chooser:*", STAFF),
    ("wagtailsnippets:index", STAFF),
    ("wagtailsnippets_people_person:list*", STAFF),
    ("wagtailsnippetchoosers_people_person:create", (E,)),
    ("wagtailsnippetchoosers_ingest_feedsubscription:create", NOBODY),
    ("wagtailsnippetchoosers_*", STAFF),
    ("contact_admin:heartbeat", STAFF),  # presence ping; answers nothing private
    ("readership_admin:*", STAFF),
    # Writers (contributors and editors): the page tree, new stories, imports,
    # the workflow reports.
    ("wagtailadmin_explore*", (C, E)),
    ("wagtailadmin_pages:add*", (C, E)),
    ("wagtailadmin_pages:preview_on_add", (C, E)),
    ("wagtailadmin_pages:type_use*", (C, E)),
    ("wagtailadmin_pages:search*", (C, E)),
    ("wagtailadmin_reports:workflow*", (C, E)),
    ("wagtailadmin_reports:aging_pages*", (C, E)),
    ("wagtailadmin_reports:page_types_usage*", (C, E)),
    ("masthead_import", (C, E)),
    # Editors only: other people's stories (edit, preview, history, compare,
    # copy, move, delete, unpublish, privacy), locks, the reader inbox, preview
    # links, bylines.
    ("wagtailadmin_pages:workflow_preview", NOBODY),  # needs a task in progress
    ("wagtailadmin_pages:*", (E,)),
    ("wagtailadmin_reports:locked_pages*", (E,)),
    ("contact_admin:*", (E,)),
    ("previews_admin:*", (E,)),
    ("wagtailsnippets_people_person:delete", NOBODY),
    ("wagtailsnippets_people_person:*", (E,)),
    # Photo editors and editors: change other people's photos and media.
    ("wagtailimages:*", (E, P)),
    ("wagtaildocs:*", (E, P)),
    # Admin role only: users, groups, sites, collections, workflows, settings,
    # redirects, feed subscriptions, bulk actions.
    ("wagtailusers_*", NOBODY),
    ("wagtailsites:*", NOBODY),
    ("wagtailadmin_collections:*", NOBODY),
    ("wagtailadmin_workflows:*", NOBODY),
    ("wagtailsettings:*", NOBODY),
    ("wagtailredirects:*", NOBODY),
    ("wagtailsnippets_ingest_feedsubscription:*", NOBODY),
    ("api_keys:*", NOBODY),  # h-api (issue 20): partners' keys, superusers only
    # Issue 20: editors moderate readers' comments (not only superusers).
    ("comments_admin:*", (E,)),
    # Issue 19: editors compose and send newsletters; deleting a list or an issue
    # (and its delivery record) is the Admin role's.
    ("newsletter_issues:delete", NOBODY),
    ("newsletter_lists:delete", NOBODY),
    ("newsletter_issues:*", (E,)),
    ("newsletter_lists:*", (E,)),
    ("newsletters_admin:*", (E,)),
    # Issue 20: the site's languages are the Admin role's; editors translate pages.
    ("wagtaillocales:*", NOBODY),
    ("simple_translation:*", (E,)),
    ("wagtail_bulk_action", NOBODY),
    ("wagtailadmin_tag_model_autocomplete", NOBODY),
    ("wagtailadmin_block_preview", NOBODY),
]

LET_IN, REFUSED, MISSING = "let in", "refused", "missing"


def outcome(response) -> str:
    status = response.status_code
    if status == 403:
        return REFUSED
    if status == 404:
        return MISSING
    if status in (301, 302):
        location = response["Location"]
        if "login" in location or location.rstrip("/").endswith("/admin"):
            return REFUSED
    return LET_IN


def decision(name: str) -> tuple[str, ...] | None:
    for glob, roles in ACCESS:
        if matches(name, [glob]):
            return roles
    return None


def admin_urls(world):
    for route in all_routes():
        if not route.is_admin or route.name == route.path:
            continue  # unnamed admin routes: Wagtail's catch-all 404
        url = sample_url(route, world)
        if url not in (None, SHADOWED):
            yield route.name, url


def observe(world, role) -> dict[str, str]:
    client = Client(raise_request_exception=False)
    seen = {}
    for name, url in admin_urls(world):
        client.logout()
        sign_in(client, world, role)
        seen[name] = outcome(client.get(url))
    return seen


def test_every_admin_endpoint_has_a_decision(world):
    undecided = sorted(
        name for name, _url in admin_urls(world) if decision(name) is None
    )
    assert not undecided, (
        f"Admin views nobody decided on, add them to ACCESS: {undecided}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(world, role):
    seen = observe(world, role)
    wrong = []
    for name, result in sorted(seen.items()):
        allowed = decision(name)
        if allowed is None or allowed == ANY:
            continue  # undecided: reported by the test above
        if role in allowed and result == REFUSED:
            wrong.append(f"{name}: {role} should be let in, was refused")
        if role not in allowed and result == LET_IN:
            wrong.append(f"{name}: {role} should be refused, was let in")
    assert not wrong, "\n".join(wrong)


PAGE_VIEWS_A_WRITER_MAY_NOT_USE = [
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:copy",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:usage",
    "previews_admin:page",
]


def test_a_contributor_cannot_see_another_writers_draft(world):
    """Point every admin URL at the rival's draft (another section, another
    owner): the contributor is refused the views that show a page's content, and
    no admin response at all carries the draft's words."""
    rival = SimpleNamespace(
        **{
            **vars(world),
            "story": world.rival_draft,
            "story_revision": world.rival_draft.latest_revision_id,
            "section": world.sport,
        }
    )
    client = Client(raise_request_exception=False)
    leaks, let_in = [], []
    for name, url in admin_urls(rival):
        client.force_login(world.users[C])
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        if SECRET.encode() in body:
            leaks.append(f"{name} {url}")
        if name in PAGE_VIEWS_A_WRITER_MAY_NOT_USE and outcome(response) != REFUSED:
            let_in.append(f"{name} {url} {response.status_code}")
    assert not leaks, leaks
    assert not let_in, let_in


def test_a_contributor_cannot_copy_another_writers_draft(world):
    from wagtail.models import Page

    client = Client()
    client.force_login(world.users[C])
    before = Page.objects.count()
    response = client.post(
        f"/admin/pages/{world.rival_draft.pk}/copy/",
        {
            "new_title": "Mine now",
            "new_slug": "mine-now",
            "new_parent_page": world.section.pk,
            "copy_subpages": "",
            "publish_copies": "",
            "alias": "",
        },
    )
    assert outcome(response) == REFUSED
    assert Page.objects.count() == before


def test_the_contributor_still_sees_their_own_draft(world):
    """The refusals above are about whose draft it is, not a broken setup."""
    client = Client()
    client.force_login(world.users[C])
    assert client.get(f"/admin/pages/{world.own_draft.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{world.rival_draft.pk}/edit/")
    assert outcome(response) == REFUSED
