"""Every kind of editorial change reaches readers through the real publish paths."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(client):
    """Fetch each URL once so it is in the cache, and check that it is."""

    def warm(*urls):
        for url in urls:
            client.get(url)
            assert client.get(url)["X-Cache"] == "HIT", url

    return warm


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the purge) as a real commit would.

    The test's own transaction never commits, so the purges its setup collected
    (creating the site...) are dropped first: only the block's purges go out."""
    from masthead.pagecache.services import forget_pending_purges

    def commit():
        forget_pending_purges()
        return django_capture_on_commit_callbacks(execute=True)

    return commit


def test_publishing_a_new_story_refreshes_home_and_section(
    client, make_article, section, cached, committed
):
    make_article(headline="First story")
    cached("/", section.url)
    with committed():
        make_article(headline="Breaking: second story")
    assert b"Breaking: second story" in client.get("/").content
    assert b"Breaking: second story" in client.get(section.url).content


def test_editing_a_live_story_shows_the_correction(
    client, make_article, cached, committed
):
    article = make_article(headline="Mayor opens bridge")
    cached(article.url, "/")
    article.title = "Deputy mayor opens bridge"
    with committed():
        article.save_revision().publish()
    assert b"Deputy mayor opens bridge" in client.get(article.url).content
    assert b"Deputy mayor opens bridge" in client.get("/").content


def test_unpublishing_removes_the_story(client, make_article, cached, committed):
    article = make_article(headline="Withdrawn story")
    cached(article.url, "/")
    with committed():
        article.unpublish()
    assert client.get(article.url).status_code == 404
    assert b"Withdrawn story" not in client.get("/").content


def test_deleting_removes_the_story(client, make_article, cached, committed):
    article = make_article(headline="Deleted story")
    url = article.url
    cached(url, "/")
    with committed():
        article.delete()
    assert client.get(url).status_code == 404
    assert b"Deleted story" not in client.get("/").content


def test_moving_a_story_to_another_section(
    client, make_article, home_page, cached, committed
):
    from masthead.sections.models import SectionPage

    science = home_page.add_child(instance=SectionPage(title="Science", slug="science"))
    science.save_revision().publish()
    article = make_article(headline="Comet seen")
    old_url = article.url
    cached(old_url, science.url)
    with committed():
        article.move(science, pos="last-child")
    moved = client.get(old_url)  # Wagtail records a redirect from the old address
    assert moved.status_code == 301 and moved["Location"].endswith(
        "/science/comet-seen/"
    )
    assert b"Comet seen" in client.get(science.url).content


def test_renaming_an_author_refreshes_the_byline(
    client, make_article, cached, committed
):
    from masthead.people.models import Person

    person = Person.objects.create(name="Ada Reporter")
    article = make_article(headline="Bylined story", authors=[person])
    cached(article.url)
    person.name = "Ada Lovelace-Reporter"
    with committed():
        person.save()
    assert b"Ada Lovelace-Reporter" in client.get(article.url).content


def test_changing_site_settings_refreshes_every_page(
    client, make_article, home_page, cached, committed
):
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

    article = make_article()
    cached("/", article.url)
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.tagline = "Read all about it"
    with committed():
        newsroom.save()
    assert b"Read all about it" in client.get("/").content
    assert b"Read all about it" in client.get(article.url).content


def test_editing_a_photo_credit_refreshes_pages_that_show_it(
    client, make_article, make_image, cached, committed
):
    image = make_image(credit="Old Agency")
    article = make_article(lead_image=image)
    cached(article.url)
    image.credit = "New Agency/Photographer"
    with committed():
        image.save()
    assert b"New Agency/Photographer" in client.get(article.url).content


def test_saving_a_draft_does_not_purge(client, make_article, cached, committed):
    article = make_article(headline="Live headline")
    cached(article.url)
    article.title = "Draft headline"
    with committed():
        article.save_revision()
    response = client.get(article.url)
    assert response["X-Cache"] == "HIT" and b"Live headline" in response.content


def test_a_render_from_before_the_commit_is_not_kept(
    client, make_article, cached, django_capture_on_commit_callbacks
):
    """Readers on other connections still see the old page until the commit and may
    render it meanwhile: the purge after the commit makes that copy stale."""
    article = make_article(headline="Before")
    cached(article.url)
    article.title = "After"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    for callback in callbacks:
        callback()
    assert b"After" in client.get(article.url).content


def test_a_correction_reaches_the_story_its_section_and_the_front_page(
    client, make_article, section, cached, committed
):
    article = make_article(headline="Mayor opens bridge")
    cached(article.url, section.url, "/")
    article.title = "Deputy mayor opens bridge"
    with committed():
        article.save_revision().publish()
    for url in (article.url, section.url, "/"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert b"Deputy mayor opens bridge" in response.content, url


def test_an_unrelated_archived_story_stays_a_hit(
    client, make_article, home_page, cached, committed
):
    from tests import factories

    science = factories.make_section(home_page, "Science", slug="science")
    archived = factories.make_article(science, headline="Comet seen over Lisbon")
    edited = make_article(headline="Council budget has a typo")
    cached(archived.url)
    edited.title = "Story without a typo"
    with committed():
        edited.save_revision().publish()
    assert client.get(archived.url)["X-Cache"] == "HIT"
    assert client.get(edited.url)["X-Cache"] == "MISS"


def test_a_page_that_links_the_story_is_purged_with_it(
    client, make_article, home_page, cached, committed
):
    """Each stored page records the stories it links (cards, related lists): a
    purge of one story's key reaches them and no other page."""
    from masthead.pagecache import surrogates
    from masthead.pagecache.services import purge_pages
    from tests import factories

    science = factories.make_section(home_page, "Science", slug="science")
    archived = factories.make_article(science, headline="Comet seen over Lisbon")
    edited = make_article(headline="Council budget on the front page")
    cached("/", archived.url)
    with committed():
        purge_pages(keys={surrogates.page_key(edited.pk)}, reason="test")
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get(archived.url)["X-Cache"] == "HIT"


def test_a_new_section_purges_the_whole_site(
    client, make_article, home_page, cached, committed
):
    from masthead.sections.models import SectionPage

    article = make_article()
    cached(article.url)
    with committed():
        science = home_page.add_child(
            instance=SectionPage(title="Science", slug="science")
        )
        science.save_revision().publish()
    response = client.get(article.url)
    assert response["X-Cache"] == "MISS" and b"Science" in response.content


def test_purges_of_a_bulk_edit_go_out_once_after_the_commit(
    make_article, committed, monkeypatch
):
    from masthead.core import generation

    stories = [make_article(headline=f"Story {n}") for n in range(5)]
    sent = []
    monkeypatch.setattr(
        "masthead.pagecache.services.purge_keys",
        lambda keys: sent.append(set(keys)) or generation.purge_keys(keys),
    )
    with committed():
        from django.db import transaction

        with transaction.atomic():
            for story in stories:
                story.title += " (corrected)"
                story.save_revision().publish()
    assert len(sent) == 1
    assert {f"page:{story.pk}" for story in stories} <= sent[0]


def test_a_failed_cdn_purge_is_queued_again_and_never_raised(
    make_article, committed, settings, monkeypatch
):
    from masthead.pagecache import services, tasks

    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "x"}}
    original = tasks.purge_frontend_urls_task
    queued = []

    class Queue:
        @staticmethod
        def enqueue(urls, attempt=1):
            queued.append((urls, attempt))

        @staticmethod
        def using(**kwargs):
            return Queue

    def fail(urls):
        raise ConnectionError("CDN down")

    monkeypatch.setattr(tasks, "purge_frontend_urls", fail)
    monkeypatch.setattr(tasks, "purge_frontend_urls_task", Queue)
    # The queue runs the task at once, as the worker would.
    monkeypatch.setattr(
        services, "enqueue_frontend_purge", lambda urls: original.func(urls)
    )
    with committed():
        article = make_article(headline="Sent to the CDN")
    assert len(queued) == 1 and queued[0][1] == 2
    urls = queued[0][0]
    assert any(url.endswith(article.url) for url in urls)
    for path in ("/feeds/json/", "/sitemaps/news.xml", "/feeds/sections/world/json/"):
        assert any(url.endswith(path) for url in urls), path
