"""Media on S3 (a local moto server, no network): a photo uploaded in the admin
shows on the public page through a rendition anyone can fetch, while the original
answers 403 without a signature."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from masthead.core.storage import build_public_read_policy, is_public_media
from tests.factories import PASSWORD, make_jpeg_bytes, make_staff

BUCKET = "masthead-media"


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize(
    "name, public",
    [
        ("images/harbour.fill-800x450.jpg", True),
        ("original_images/harbour.jpg", False),
        ("documents/report.pdf", False),
        ("/images/x.jpg", True),
    ],
)
def test_only_renditions_are_public(name, public):
    assert is_public_media(name) is public


def test_the_bucket_policy_opens_only_the_renditions():
    policy = build_public_read_policy("media")
    assert '"arn:aws:s3:::media/images/*"' in policy
    assert "original_images" not in policy


@pytest.fixture
def s3_media(settings):
    from moto.server import ThreadedMotoServer

    from masthead.contact.tests.helpers import find_free_port

    port = find_free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "masthead.core.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "file_overwrite": False,
                "signature_version": "s3v4",
            },
        },
    }
    call_command("prepare_media_bucket", verbosity=0)
    yield endpoint
    server.stop()


@pytest.mark.django_db
def test_rendition_is_public_and_the_original_needs_a_signature(
    s3_media, client, section
):
    from wagtail.models import Collection

    from masthead.images.models import NewsImage
    from masthead.newsroom.roles import PHOTO_EDITOR
    from masthead.newsroom.services import ensure_newsroom
    from tests.factories import make_article

    ensure_newsroom()
    make_staff(role=PHOTO_EDITOR, username="photos")
    assert client.login(username="photos", password=PASSWORD)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Harbour at dawn",
            "file": SimpleUploadedFile(
                "harbour.jpg", make_jpeg_bytes(), content_type="image/jpeg"
            ),
            "collection": Collection.get_first_root_node().pk,
            "description": "Boats in the harbour",
            "credit": "Agency/Jane Doe",
            "caption": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    image = NewsImage.objects.get()
    assert image.file.name.startswith("original_images/")
    client.logout()

    article = make_article(section, "Harbour reopens", lead_image=image)
    html = client.get(article.url).content.decode()
    renditions = re.findall(rf'{re.escape(s3_media)}/{BUCKET}/images/[^"\s?]+', html)
    assert renditions, "the page shows the photo from the bucket"
    assert all(fetch_status(url) == 200 for url in set(renditions))

    unsigned = f"{s3_media}/{BUCKET}/{image.file.name}"
    assert unsigned not in html
    assert fetch_status(unsigned) == 403
    signed = image.file.url  # what the admin links to
    assert "Signature=" in signed
    assert fetch_status(signed) == 200
