"""What each newsroom role may do to pages, photos and people, enforced in the admin."""

import pytest
from wagtail.models import Page

from masthead.articles.models import ArticlePage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

from .factories import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(section):
    ensure_newsroom()
    return {
        "contributor": make_staff(roles.CONTRIBUTOR, "casey"),
        "editor": make_staff(roles.EDITOR, "eddie"),
        "photo_editor": make_staff(roles.PHOTO_EDITOR, "pia"),
        "admin": make_staff(roles.ADMIN, "ada"),
    }


def test_migration_creates_the_four_roles_and_the_review_workflow(page_root):
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    assert set(roles.ROLE_NAMES) <= set(Group.objects.values_list("name", flat=True))
    workflow = page_root.get_workflow()
    assert workflow.name == roles.REVIEW_WORKFLOW
    [task] = workflow.tasks.specific()
    assert task.name == roles.REVIEW_TASK
    assert [g.name for g in task.groups.all()] == [roles.EDITOR]
    assert Workflow.objects.filter(name=roles.REVIEW_WORKFLOW).count() == 1


def test_ensuring_roles_twice_changes_nothing(staff):
    from wagtail.models import GroupPagePermission

    before = GroupPagePermission.objects.count()
    ensure_newsroom()
    assert GroupPagePermission.objects.count() == before


@pytest.mark.parametrize(
    ("role", "can_add", "can_edit_others", "can_publish", "can_lock"),
    [
        ("contributor", True, False, False, False),
        ("editor", True, True, True, True),
        ("photo_editor", False, False, False, False),
        ("admin", True, True, True, True),
    ],
)
def test_page_permissions_follow_the_role(
    staff, section, make_article, role, can_add, can_edit_others, can_publish, can_lock
):
    story = make_article("Someone else's story")
    on_section = section.permissions_for_user(staff[role])
    on_story = story.permissions_for_user(staff[role])
    assert on_section.can_add_subpage() is can_add
    assert on_story.can_edit() is can_edit_others
    assert on_story.can_publish() is can_publish
    assert on_story.can_lock() is can_lock


def test_contributor_may_edit_their_own_story_but_not_publish_it(staff, section):
    from masthead.articles.services import create_article

    own = create_article(
        section=section, headline="My draft", user=staff["contributor"]
    )
    own.owner = staff["contributor"]
    own.save(update_fields=["owner"])
    perms = own.permissions_for_user(staff["contributor"])
    assert perms.can_edit()
    assert not perms.can_publish()
    assert not perms.can_unpublish()


@pytest.mark.parametrize(
    ("role", "add", "edit_any"),
    [
        ("contributor", True, False),
        ("editor", True, True),
        ("photo_editor", True, True),
        ("admin", True, True),
    ],
)
def test_image_library_permissions_follow_the_role(
    staff, make_image, role, add, edit_any
):
    """Contributors upload and use photos but change only their own; in Wagtail
    the right to change a photo includes deleting it."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    agency_photo = make_image()  # uploaded by nobody on staff
    policy = policy_registry.get_by_type(get_image_model())
    assert policy.user_has_permission(staff[role], "add") is add
    for action in ("change", "delete"):
        assert (
            policy.user_has_permission_for_instance(staff[role], action, agency_photo)
            is edit_any
        )


@pytest.mark.parametrize(
    ("role", "status"),
    [("contributor", 302), ("editor", 200), ("photo_editor", 302), ("admin", 200)],
)
def test_only_editors_and_admins_may_add_people(client, staff, role, status):
    client.force_login(staff[role])
    response = client.get("/admin/snippets/people/person/add/")
    assert response.status_code == status


def test_only_admins_may_manage_staff_accounts(client, staff):
    client.force_login(staff["editor"])
    assert client.get("/admin/users/").status_code == 302
    client.force_login(staff["admin"])
    assert client.get("/admin/users/").status_code == 200


def test_contributor_forging_a_publish_post_saves_a_draft_and_publishes_nothing(
    client, staff, section
):
    client.force_login(staff["contributor"])
    add_url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    draft = ArticlePage(title="Forged", slug="forged")
    response = client.post(add_url, article_form_data(draft, action="action-publish"))
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="forged")
    assert not story.live
    assert story.first_published_at is None

    response = client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(story, title="Forged again", action="action-publish"),
    )
    story.refresh_from_db()
    assert not story.live
    assert not ArticlePage.objects.live().filter(pk=story.pk).exists()


def test_contributor_cannot_unpublish_or_delete_a_live_story(
    client, staff, make_article
):
    story = make_article("Live story")
    client.force_login(staff["contributor"])
    for url in (
        f"/admin/pages/{story.pk}/unpublish/",
        f"/admin/pages/{story.pk}/delete/",
    ):
        response = client.post(url)
        assert response.status_code in (302, 403)
    story.refresh_from_db()
    assert story.live
    assert Page.objects.filter(pk=story.pk).exists()


def test_contributor_cannot_edit_someone_elses_story(client, staff, make_article):
    story = make_article("Someone else's")
    client.force_login(staff["contributor"])
    response = client.post(
        f"/admin/pages/{story.pk}/edit/", article_form_data(story, title="Hijacked")
    )
    assert response.status_code in (302, 403)
    story.refresh_from_db()
    assert story.title == "Someone else's"
    assert story.latest_revision.content["title"] == "Someone else's"


def test_a_fresh_migrate_leaves_only_masthead_roles(page_root):
    from django.contrib.auth.models import Group

    ensure_newsroom()
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLE_NAMES)


def test_wagtails_stock_groups_are_folded_into_the_editor_role(page_root):
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    fold = importlib.import_module(
        "masthead.newsroom.migrations.0002_fold_wagtail_default_groups"
    )
    users = get_user_model().objects
    moderator = users.create_user("mod", password="x")
    moderator.groups.add(Group.objects.create(name="Moderators"))
    old_editor = users.create_user("ed", password="x")
    old_editor.groups.add(Group.objects.create(name="Editors"))

    fold.fold_default_groups(apps, None)
    ensure_newsroom()

    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLE_NAMES)
    for user in (moderator, old_editor):
        assert list(user.groups.values_list("name", flat=True)) == [roles.EDITOR]
