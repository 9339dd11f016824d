"""Uploading an agency photo in the admin fills credit, caption and alt text from
the file; what the editor types wins; broken metadata never stops the upload."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.images.models import NewsImage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

from .photo_files import iptc_block, make_jpeg, xmp_packet

pytestmark = pytest.mark.django_db

AGENCY_PHOTO = {
    "iptc": iptc_block(
        {
            (2, 80): b"Brendan Smialowski",
            (2, 110): b"Getty",
            (2, 120): b"Mr Trump and Mr Putin at their meeting in Helsinki",
            (2, 105): b"Trump and Putin shake hands",
        }
    )
}


@pytest.fixture
def photo_editor_client(client, page_root):
    ensure_newsroom()
    client.force_login(make_staff(roles.PHOTO_EDITOR, "pia"))
    return client


def upload(client, content, **fields):
    from wagtail.models import Collection

    data = {
        "title": "Agency photo",
        "file": SimpleUploadedFile("agency.jpg", content, content_type="image/jpeg"),
        "collection": Collection.get_first_root_node().pk,
        "description": "",
        "credit": "",
        "caption": "",
        **fields,
    }
    return client.post("/admin/images/add/", data)


def test_credit_caption_and_alt_come_from_the_file(photo_editor_client):
    response = upload(photo_editor_client, make_jpeg(**AGENCY_PHOTO))
    assert response.status_code == 302
    image = NewsImage.objects.get()
    assert image.credit == "Brendan Smialowski/Getty"
    assert image.caption == "Mr Trump and Mr Putin at their meeting in Helsinki"
    assert image.description == "Trump and Putin shake hands"


def test_what_the_editor_typed_wins_over_the_file(photo_editor_client):
    upload(
        photo_editor_client,
        make_jpeg(**AGENCY_PHOTO),
        credit="Pool/AFP",
        description="Two leaders shaking hands",
    )
    image = NewsImage.objects.get()
    assert image.credit == "Pool/AFP"
    assert image.description == "Two leaders shaking hands"
    assert image.caption == "Mr Trump and Mr Putin at their meeting in Helsinki"


def test_the_editor_can_change_the_values_afterwards(photo_editor_client):
    from wagtail.models import Collection

    upload(photo_editor_client, make_jpeg(**AGENCY_PHOTO))
    image = NewsImage.objects.get()
    response = photo_editor_client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": image.title,
            "collection": Collection.get_first_root_node().pk,
            "description": "Handshake",
            "credit": "Getty Images",
            "caption": "The Helsinki summit",
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.credit, image.caption, image.description) == (
        "Getty Images",
        "The Helsinki summit",
        "Handshake",
    )


@pytest.mark.parametrize(
    "options",
    [
        {"xmp": b"<x:xmpmeta><rdf:RDF><unclosed"},
        {"xmp": "<x>caf\u00e9</x>".encode("utf-16")},
        {"iptc": b"\x1c\x02\x78\xff\xffshort"},
    ],
    ids=["broken-xmp", "utf16-xmp", "truncated-iptc"],
)
def test_a_photo_with_broken_metadata_uploads_with_a_note(photo_editor_client, options):
    response = upload(photo_editor_client, make_jpeg(**options))
    assert response.status_code == 302
    image = NewsImage.objects.get()
    assert image.caption == ""
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("ignored" in note for note in notes), notes


def test_xmp_with_unicode_fills_the_fields(photo_editor_client):
    content = make_jpeg(
        xmp=xmp_packet(
            creator="Anna Ömer", credit="Reuters", description="Tromsø harbour"
        )
    )
    upload(photo_editor_client, content)
    image = NewsImage.objects.get()
    assert image.credit == "Anna Ömer/Reuters"
    assert image.caption == "Tromsø harbour"
