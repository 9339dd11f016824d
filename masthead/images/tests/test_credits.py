"""Credits exactly as the agency sent them (issue 13): an agency file whose creator,
credit line and source overlap is credited once on the page, in RSS and in JSON-LD;
its copyright notice is kept apart; the image library finds photos by credit."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.images.models import NewsImage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

from .photo_files import iptc_block, make_jpeg

pytestmark = pytest.mark.django_db

AGENCY_FILE = make_jpeg(
    iptc=iptc_block(
        {
            (2, 80): b"Jane Doe",
            (2, 110): b"Jane Doe/Reuters",
            (2, 115): b"Reuters",
            (2, 116): "© 2026 Thomson Reuters".encode(),
            (2, 120): b"Ferries wait out the storm in the harbour",
        }
    )
)


@pytest.fixture
def photo_editor_client(client, page_root):
    ensure_newsroom()
    client.force_login(make_staff(roles.PHOTO_EDITOR, "pia"))
    return client


def upload(client, content, title="Storm ferries"):
    from wagtail.models import Collection

    response = client.post(
        "/admin/images/add/",
        {
            "title": title,
            "file": SimpleUploadedFile("storm.jpg", content, content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
            "description": "",
            "credit": "",
            "caption": "",
            "copyright_notice": "",
        },
    )
    client.get("/admin/")  # shows (and so clears) the "Image added" message
    return response


def test_upload_stores_the_credit_once_and_the_copyright_notice(photo_editor_client):
    assert upload(photo_editor_client, AGENCY_FILE).status_code == 302
    image = NewsImage.objects.get()
    assert image.credit == "Jane Doe/Reuters"
    assert image.copyright_notice == "© 2026 Thomson Reuters"


def test_the_copyright_notice_is_editable_in_the_admin(photo_editor_client):
    from wagtail.models import Collection

    upload(photo_editor_client, AGENCY_FILE)
    image = NewsImage.objects.get()
    response = photo_editor_client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": image.title,
            "collection": Collection.get_first_root_node().pk,
            "description": "Ferries",
            "credit": image.credit,
            "caption": image.caption,
            "copyright_notice": "© 2026 Reuters",
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.copyright_notice == "© 2026 Reuters"


def test_page_rss_and_json_ld_show_the_agency_credit_once(
    photo_editor_client, make_article, client
):
    upload(photo_editor_client, AGENCY_FILE)
    article = make_article(lead_image=NewsImage.objects.get())
    client.logout()
    html = client.get(article.url).content.decode()
    assert "Image copyright Jane Doe/Reuters<" in html
    assert "Jane Doe/Jane Doe" not in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    article_data = next(
        data for data in map(json.loads, blocks) if data["@type"] == "NewsArticle"
    )
    (image,) = article_data["image"]
    assert image["creditText"] == "Jane Doe/Reuters"
    assert image["copyrightNotice"] == "© 2026 Thomson Reuters"
    rss = client.get("/feeds/rss/").content.decode()
    assert re.search(r"<media:credit[^>]*>Jane Doe/Reuters</media:credit>", rss), rss


def test_a_photo_without_a_copyright_notice_has_none_in_json_ld(
    make_image, make_article, client
):
    article = make_article(lead_image=make_image(credit="Jane Doe/Reuters"))
    html = client.get(article.url).content.decode()
    assert '"creditText":"Jane Doe/Reuters"' in html
    assert "copyrightNotice" not in html


@pytest.mark.parametrize(
    "query", ["Reuters", "Jane Doe", "Thomson", "storm in the harbour", "Reut"]
)
def test_the_image_library_finds_photos_by_credit_caption_and_copyright(
    photo_editor_client, make_image, query
):
    upload(photo_editor_client, AGENCY_FILE)
    make_image(title="Council chamber", credit="Ola Berg/NTB", caption="Councillors")
    response = photo_editor_client.get("/admin/images/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Storm ferries" in html
    assert "Council chamber" not in html


def test_a_search_for_another_agency_does_not_find_the_photo(photo_editor_client):
    upload(photo_editor_client, AGENCY_FILE)
    html = photo_editor_client.get("/admin/images/", {"q": "Getty"}).content.decode()
    assert "Storm ferries" not in html
