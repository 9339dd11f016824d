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
    """Run on-commit callbacks (the purge) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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


def test_purge_is_repeated_after_the_commit(
    client, make_article, cached, django_capture_on_commit_callbacks
):
    """Readers on other connections still see the old page until the commit and may
    cache it again meanwhile: the purge after the commit drops that copy."""
    from masthead.pagecache.store import current_generation

    article = make_article(headline="Before")
    cached(article.url)
    article.title = "After"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    during = current_generation()
    for callback in callbacks:
        callback()
    assert current_generation() != during
    assert b"After" in client.get(article.url).content
