"""Site-wide rows remembered per site generation: fewer queries, never stale after
an edit, and nothing remembered when the generation can't be read."""

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction, Site

from masthead.core import sitecache
from masthead.core.models import NewsroomSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def render_every_time(settings):
    settings.MASTHEAD_PAGE_CACHE = False  # look at the remembered rows, not pages


def test_a_renamed_site_shows_on_the_next_render(client, home_page):
    site = Site.objects.get(root_page=home_page)
    client.get("/")
    site.site_name = "The Renamed Gazette"
    site.save()
    assert b"The Renamed Gazette" in client.get("/").content


def test_edited_newsroom_settings_show_on_the_next_render(client, home_page):
    site = Site.objects.get(root_page=home_page)
    client.get("/")
    newsroom = NewsroomSettings.for_site(site)
    newsroom.footer_text = "Call the desk on 0123"
    newsroom.save()
    assert b"Call the desk on 0123" in client.get("/").content


def test_a_new_restriction_hides_the_story_at_once(client, make_article, section):
    article = make_article(headline="Soon to be private")
    assert client.get(article.url).status_code == 200
    assert b"Soon to be private" in client.get(section.url).content

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = client.get(article.url)
    assert b"Soon to be private</h1>" not in response.content  # the password form
    assert b"Soon to be private" not in client.get(section.url).content
    assert b"Soon to be private" not in client.get("/feeds/rss/").content


def test_a_new_site_for_a_host_is_used_at_once(client, home_page, page_root, settings):
    from masthead.home.models import HomePage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]

    client.get("/", HTTP_HOST="other.example")  # falls back to the default site
    other_home = page_root.add_child(
        instance=HomePage(title="Other paper", slug="other-paper")
    )
    Site.objects.create(
        hostname="other.example", root_page=other_home, site_name="Other Paper"
    )
    response = client.get("/", HTTP_HOST="other.example")
    assert b"Other Paper" in response.content


def test_rows_are_built_once_per_generation():
    from masthead.core.generation import bump_generation

    built = []
    for _ in range(3):
        sitecache.remember("k", lambda: built.append(1) or len(built))
    assert built == [1]
    bump_generation()
    assert sitecache.remember("k", lambda: built.append(1) or len(built)) == 2


def test_nothing_is_remembered_without_a_generation(monkeypatch):
    monkeypatch.setattr(sitecache, "current_generation", lambda: None)
    built = []
    for _ in range(3):
        sitecache.remember("k", lambda: built.append(1))
    assert len(built) == 3


def test_the_local_rendition_cache_forgets_on_every_purge():
    from masthead.core.generation import bump_generation

    renditions = caches["renditions"]
    renditions.set("wagtail-rendition-1-abc", "a rendition row")
    assert renditions.get("wagtail-rendition-1-abc") == "a rendition row"
    bump_generation()  # what editing a photo anywhere does
    assert renditions.get("wagtail-rendition-1-abc") is None


def test_a_section_added_without_a_purge_is_still_found(client, home_page, section):
    from masthead.sections.models import SectionPage

    assert client.get(section.url).status_code == 200  # sections remembered now
    # Added straight to the tree (no publish signal, so no purge): the remembered
    # list doesn't know it, and routing falls back to Wagtail's lookup.
    late = home_page.add_child(instance=SectionPage(title="Late", slug="late"))
    assert client.get(late.url).status_code == 200
