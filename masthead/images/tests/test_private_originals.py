"""Original uploads are private and stored under safe names (issue 17).

Readers get renditions (``/media/images/…``); the original is not served under
``/media/original_images/`` at all, only by a permission-checked admin view. Its
stored name is a slug with one extension, the one of the format in the bytes.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage

from masthead.images.filenames import safe_image_filename
from masthead.images.models import NewsImage
from masthead.images.services import create_image
from tests.factories import PASSWORD, make_jpeg_bytes, make_staff


def png_bytes(width=40, height=30) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (10, 200, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, image_format, stored",
    [
        ("a.php.jpg", "JPEG", "a-php.jpg"),
        ("évil name .PNG", "PNG", "evil-name.png"),
        ("../../etc/passwd.jpg", "JPEG", "passwd.jpg"),
        ("..\\..\\windows\\x.asp.gif", "GIF", "x-asp.gif"),
        ("shell.php;.jpg", "JPEG", "shell-php.jpg"),
        ("photo.php%00.png", "PNG", "photo-php00.png"),
        ("photo.jpg", "PNG", "photo.png"),  # the bytes decide the extension
        ("photo.JPEG", "JPEG", "photo.jpg"),
        ("harbour.webp", "WEBP", "harbour.webp"),
        ("phone.jpg", "MPO", "phone.jpg"),
        (".htaccess", "PNG", "image.png"),
        ("日本語.jpg", "JPEG", "image.jpg"),
        ("a..b...gif", "GIF", "a-b.gif"),
        ("<b>x</b><script>.png", "PNG", "bscript.png"),
        ("x" * 300 + ".jpg", "JPEG", "x" * 60 + ".jpg"),
        ("no-extension", "WEBP", "no-extension.webp"),
    ],
)
def test_stored_names_are_a_slug_and_one_extension(name, image_format, stored):
    assert safe_image_filename(name, image_format) == stored


def test_a_name_never_has_two_extensions_or_a_folder():
    for name in ("a.b.c.d.jpg", "x/y/z.php.png", "...", "", "a.", ". .jpg"):
        result = safe_image_filename(name, "JPEG")
        assert result.count(".") == 1 and "/" not in result and "\\" not in result
        assert result.endswith(".jpg")


@pytest.fixture
def photo_desk(client, page_root):
    from masthead.newsroom.roles import PHOTO_EDITOR
    from masthead.newsroom.services import ensure_newsroom

    ensure_newsroom()
    make_staff(role=PHOTO_EDITOR, username="photos")
    assert client.login(username="photos", password=PASSWORD)
    return client


def upload(client, name: str, content: bytes, content_type: str):
    from wagtail.models import Collection

    return client.post(
        "/admin/images/add/",
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
            "description": "",
            "credit": "",
            "caption": "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, content_type, stored",
    [
        ("a.php.jpg", make_jpeg_bytes(), "image/jpeg", "original_images/a-php.jpg"),
        ("évil name .PNG", png_bytes(), "image/png", "original_images/evil-name.png"),
    ],
)
def test_admin_uploads_are_stored_under_safe_names(
    photo_desk, name, content, content_type, stored
):
    response = upload(photo_desk, name, content, content_type)
    assert response.status_code == 302, response.content[:400]
    assert NewsImage.objects.get().file.name == stored


@pytest.mark.django_db
def test_imported_files_get_the_extension_of_their_real_format(page_root):
    image = create_image(
        title="Wire photo", filename="wire.php.jpg", content=png_bytes()
    )
    assert image.file.name == "original_images/wire-php.png"


@pytest.mark.django_db
def test_anonymous_readers_get_renditions_but_never_the_original(page_root):
    image = create_image(title="Harbour", filename="harbour.jpg", content=png_bytes())
    rendition = image.get_rendition("fill-20x20")
    reader = Client()
    assert rendition.url.startswith("/media/images/")
    shown = reader.get(rendition.url)
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content)[:4] == b"\x89PNG"
    assert image.file.name.startswith("original_images/")
    assert reader.get(f"/media/{image.file.name}").status_code == 404
    # Nor by a path that climbs out of the renditions' folder.
    for climbing in ("images/../", "images/%2e%2e/", "images/x/../../", "images/..\\"):
        assert reader.get(f"/media/{climbing}{image.file.name}").status_code == 404


@pytest.mark.django_db
def test_staff_who_may_use_the_image_download_the_original(photo_desk):
    content = make_jpeg_bytes()
    image = create_image(title="Harbour", filename="harbour.jpg", content=content)
    response = photo_desk.get(f"/admin/images/{image.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_original_view_refuses_everyone_else(page_root, django_user_model):
    image = create_image(title="Harbour", filename="harbour.jpg", content=png_bytes())
    url = f"/admin/images/{image.pk}/original/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    reader = Client()
    django_user_model.objects.create_user("reader", "reader@example.org", PASSWORD)
    assert reader.login(username="reader", password=PASSWORD)
    assert reader.get(url).status_code in (302, 403)

    no_images = Client()
    make_staff(username="noimages")  # admin access, no image permission
    assert no_images.login(username="noimages", password=PASSWORD)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    refused = no_images.get(url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert no_images.get("/admin/images/999999/original/").status_code == 404
