"""Uploading photos in the admin: what is refused, and that refusals are messages."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from masthead.images.models import NewsImage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model, page_root):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def png(width, height) -> bytes:
    buffer = BytesIO()
    # Mode "1" keeps a 42-megapixel test image small in memory and on the wire.
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, name, content, content_type="image/png", **fields):
    from wagtail.models import Collection

    data = {
        "title": "Upload",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        "collection": Collection.get_first_root_node().pk,
        "description": "",
        "credit": "",
        "caption": "",
        **fields,
    }
    return client.post("/admin/images/add/", data)


def test_photo_with_credit_and_caption_is_stored(editor_client):
    response = upload(
        editor_client,
        "harbour.png",
        png(800, 600),
        credit="Agency/Photographer",
        caption="The harbour",
        description="Boats in a harbour",
    )
    assert response.status_code == 302
    image = NewsImage.objects.get()
    assert (image.credit, image.caption, image.description) == (
        "Agency/Photographer",
        "The harbour",
        "Boats in a harbour",
    )


def test_image_above_the_pixel_limit_is_refused_with_a_message(editor_client):
    response = upload(editor_client, "huge.png", png(7000, 6000))  # 42 megapixels
    assert response.status_code == 200
    assert "This file has too many pixels" in response.content.decode()
    assert not NewsImage.objects.exists()


NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image"


def animated_gif(frames, width, height) -> bytes:
    """Flat colours compress to almost nothing: 60 megapixels in a few KB."""
    images = [PILImage.new("P", (width, height), color=n % 2) for n in range(frames)]
    buffer = BytesIO()
    images[0].save(
        buffer, "GIF", save_all=True, append_images=images[1:], duration=50, loop=0
    )
    return buffer.getvalue()


def test_animated_gif_counts_every_frame_against_the_pixel_limit(editor_client):
    content = animated_gif(60, 1000, 1000)  # 60 megapixels in all, 1 per frame
    assert len(content) < 200_000
    response = upload(editor_client, "dance.gif", content, content_type="image/gif")
    assert response.status_code == 200
    body = response.content.decode()
    assert "This animated image has too many pixels" in body
    assert "60 frames of 1,000" in body and "60,000,000 pixels" in body
    assert "over the limit of 40,000,000" in body
    assert not NewsImage.objects.exists()


def test_short_animated_gif_within_the_limit_is_stored(editor_client):
    response = upload(
        editor_client,
        "wave.gif",
        animated_gif(10, 400, 300),
        content_type="image/gif",
        description="A waving flag",
    )
    assert response.status_code == 302
    assert NewsImage.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.png", b"this is text, not a picture", NOT_AN_IMAGE),
        # Markup named .jpg is caught by the format check (it sniffs as SVG).
        ("script.jpg", b"<script>alert(1)</script>", "does not match the file format"),
        ("empty.png", b"", "The submitted file is empty."),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100, NOT_AN_IMAGE),
    ],
)
def test_file_that_is_not_an_image_is_refused_with_a_message(
    editor_client, name, content, message
):
    response = upload(editor_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NewsImage.objects.exists()
