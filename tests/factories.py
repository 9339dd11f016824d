"""Test data shared by several apps: staff, people, sections, images and articles.

Plain functions over the real write paths (``create_image``, ``create_article``,
Wagtail's ``add_child``), so tests build data the way the site does. The root
``conftest.py`` wraps them as fixtures (``section``, ``make_image``,
``make_article``); import them directly where a test needs more than one.
Models are imported inside each function: this module is imported while pytest
collects, before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from itertools import count

from PIL import Image as PILImage

PASSWORD = "correct horse battery staple"

_numbers = count(1)


def make_jpeg_bytes(
    width: int = 320, height: int = 180, colour=(90, 120, 160)
) -> bytes:
    """A small JPEG made in memory."""
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def make_staff(
    role: str | None = None,
    username: str = "editor",
    *,
    email: str | None = None,
    answer: bool = False,
):
    """A newsroom account that can log in to the admin with ``PASSWORD``.

    ``role`` is a group from ``masthead.newsroom.roles`` (the groups must exist:
    call ``ensure_newsroom()`` first); without one the account only has
    ``access_admin``. ``answer`` adds the permission to answer readers' contact
    messages and chats.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user = get_user_model().objects.create_user(
        username=username,
        email=email or f"{username}@newsroom.example",
        password=PASSWORD,
        first_name=username.capitalize(),
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    else:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    if answer:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="contact", codename="answer_messages"
            )
        )
    return user


def make_person(name: str = "Ann Lee", **fields):
    """A byline (``people.Person``); the slug comes from the name."""
    from masthead.people.models import Person

    return Person.objects.create(name=name, **fields)


def make_section(parent, title: str = "World", *, slug: str = "", publish=True):
    """A section page under ``parent`` (usually the home page), published with a
    revision as an editor would."""
    from masthead.sections.models import SectionPage

    section = parent.add_child(instance=SectionPage(title=title, slug=slug))
    if publish:
        section.save_revision().publish()
    return section


def make_image(*, number: int | None = None, **fields):
    """A photo made in memory and stored through ``create_image``; ``number``
    picks its default title, file name and colour."""
    from masthead.images.services import create_image

    n = next(_numbers) if number is None else number
    fields.setdefault("title", f"Photo {n}")
    fields.setdefault("filename", f"photo-{n}.jpg")
    fields.setdefault("content", make_jpeg_bytes(colour=(n % 255, 100, 150)))
    return create_image(**fields)


def make_article(
    section,
    headline: str = "A test story",
    paragraphs: Iterable[str] = ("First paragraph.",),
    **fields,
):
    """A story in ``section`` through ``create_article``, published unless
    ``publish=False``; ``body`` (stream data) replaces ``paragraphs``."""
    from masthead.articles.blocks import paragraph_from_text
    from masthead.articles.services import create_article

    fields.setdefault("publish", True)
    body = fields.pop("body", None) or [
        ("paragraph", paragraph_from_text(text)) for text in paragraphs
    ]
    return create_article(section=section, headline=headline, body=body, **fields)
