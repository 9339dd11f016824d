"""The ``world`` the endpoint proofs run against: one object of every kind an admin
or public URL takes an id of, and a staff account for each newsroom role.

Two contributors: ``contributor`` (the one signed in) owns ``own_draft``;
``rival`` owns ``rival_draft``, a draft in another section that ``contributor``
must not be able to see through any admin view.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import factories

# The body of the rival contributor's draft: no admin view may show it to
# ``contributor`` (titles are shown in the page tree to all writers, by design).
SECRET = "SECRET-SCOOP-4711 the minister resigns"

ROLE_GROUPS = {
    "contributor": "Contributor",
    "editor": "Editor",
    "photo_editor": "Photo editor",
    "admin": "Admin",
}


@pytest.fixture
def world(home_page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, Site, Task, Workflow

    from masthead.contact.models import Conversation
    from masthead.ingest.models import FeedSubscription
    from masthead.newsroom.services import ensure_newsroom

    ensure_newsroom()
    users = {
        role: factories.make_staff(group, role.replace("_", ""))
        for role, group in ROLE_GROUPS.items()
    }
    rival = factories.make_staff("Contributor", "rival")
    reader = get_user_model().objects.create_user(
        username="reader", email="reader@example.com", password=factories.PASSWORD
    )
    world_section = factories.make_section(home_page, "World", slug="world")
    sport = factories.make_section(home_page, "Sport", slug="sport")
    story = factories.make_article(world_section, "An editor's published story")
    own_draft = factories.make_article(
        world_section, "The contributor's draft", publish=False
    )
    own_draft.owner = users["contributor"]
    own_draft.save(update_fields=["owner"])
    rival_draft = factories.make_article(
        sport, "A rival's draft", (SECRET,), publish=False
    )
    rival_draft.owner = rival
    rival_draft.save(update_fields=["owner"])
    rival_draft.save_revision(user=rival)
    image = factories.make_image(number=1)
    document = get_document_model().objects.create(
        title="Interview audio",
        file=ContentFile(b"ID3", name="interview.mp3"),
    )
    return SimpleNamespace(
        one=1,
        users=users,
        rival=rival,
        reader=reader,
        other_user=rival,
        home=home_page,
        section=world_section,
        sport=sport,
        story=story,
        story_revision=story.latest_revision_id,
        own_draft=own_draft,
        rival_draft=rival_draft,
        image=image,
        document=document,
        person=factories.make_person("Ann Lee"),
        subscription=FeedSubscription.objects.create(
            name="Wire", url="https://wire.example/feed.xml", section=world_section
        ),
        group=Group.objects.get(name="Contributor"),
        collection=Collection.get_first_root_node(),
        site=Site.objects.get(is_default_site=True),
        workflow=Workflow.objects.first(),
        task=Task.objects.first(),
        redirect=Redirect.objects.create(old_path="/old-story", redirect_link="/"),
        message=Conversation.objects.create(
            name="A reader", email="someone@example.com"
        ),
    )


def sign_in(client, world, role: str):
    """Sign ``client`` in as ``role`` (a newsroom role, ``reader`` or ``anonymous``)."""
    if role == "anonymous":
        return None
    user = world.reader if role == "reader" else world.users[role]
    client.force_login(user)
    return user
