import pytest
from django.utils import translation

from masthead.languages import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(make_article):
    return make_article(headline="Floods close the coast road")


@pytest.fixture
def arabic_story(story, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.translate_page(
            story, "ar", title="الفيضانات تغلق الطريق الساحلي"
        )


def test_default_language_keeps_unprefixed_urls(client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.url.startswith("/world/")
    html = response.content.decode()
    assert '<html lang="en-GB" dir="ltr">' in html
    assert "hreflang" not in html  # no translation yet


def test_arabic_translation_lives_under_its_prefix(client, arabic_story):
    assert arabic_story.url.startswith("/ar/")
    response = client.get(arabic_story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الفيضانات تغلق الطريق الساحلي" in html


def test_story_links_its_translations_with_hreflang(client, story, arabic_story):
    for url in (story.url, arabic_story.url):
        html = client.get(url).content.decode()
        assert (
            f'<link rel="alternate" hreflang="ar" href="http://localhost{arabic_story.url}">'
            in html
        )
        assert (
            f'<link rel="alternate" hreflang="en-gb" href="http://localhost{story.url}">'
            in html
        )
        assert (
            f'<link rel="alternate" hreflang="x-default" href="http://localhost{story.url}">'
            in html
        )
        assert 'class="language-switcher"' in html


def test_publishing_a_translation_purges_the_cached_original(
    client, story, django_capture_on_commit_callbacks
):
    assert "hreflang" not in client.get(story.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        arabic = services.translate_page(story, "ar", title="قصة")
    html = client.get(story.url).content.decode()
    assert f'hreflang="ar" href="http://localhost{arabic.url}"' in html


def test_cached_arabic_page_never_answers_the_default_url(client, story, arabic_story):
    client.get(arabic_story.url)
    client.get(arabic_story.url)  # now from the page cache
    html = client.get(story.url).content.decode()
    assert '<html lang="en-GB" dir="ltr">' in html
    assert "Floods close the coast road" in html
    home_ar = client.get("/ar/").content.decode()
    home_en = client.get("/").content.decode()
    assert 'lang="ar"' in home_ar and 'lang="en-GB"' in home_en


def test_story_without_translation_falls_back_to_default_language(
    client, story, arabic_story, make_article
):
    other = make_article(headline="Only in English")
    response = client.get("/ar" + other.url)
    assert response.status_code == 302
    assert response["Location"] == other.url
    assert client.get(response["Location"]).status_code == 200


def test_prefix_without_any_arabic_pages_never_500s(client, story):
    response = client.get("/ar" + story.url)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == story.url
    assert client.get("/ar/").status_code in (302, 404)
    assert client.get("/ar/no-such-story/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/ar/%3Cscript%3E/", "/ar/\u0645\u0631\u062d\u0628\u0627/", "/ar/" + "a/" * 300],
)
def test_hostile_paths_under_a_prefix_are_404(client, arabic_story, path):
    assert client.get(path).status_code == 404


def test_ui_strings_follow_the_url_language(client, arabic_story):
    html = client.get(arabic_story.url).content.decode()
    assert "تخطَّ إلى المحتوى" in html  # "Skip to content"
    assert "Skip to content" not in html


def test_site_language_set_by_environment_changes_template_strings(
    client, story, settings
):
    """MASTHEAD_LANGUAGE=ar: the whole site in Arabic at today's unprefixed URLs
    (the default locale is the site language, as migrate makes it on install)."""
    from wagtail.models import Locale

    languages = [("ar", "العربية"), ("en-gb", "English")]
    settings.LANGUAGE_CODE = "ar"
    settings.LANGUAGES = languages
    settings.WAGTAIL_CONTENT_LANGUAGES = languages
    Locale.objects.filter(language_code="en-gb").update(language_code="ar")
    from masthead.core.generation import bump_generation

    bump_generation()
    response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تخطَّ إلى المحتوى" in html and "Skip to content" not in html
    assert client.get("/search/").status_code == 200
    assert "ابحث في القصص" in client.get("/search/").content.decode()


def test_python_messages_are_translated_too():
    from masthead.contact.forms import ContactForm

    with translation.override("ar"):
        form = ContactForm(data={"name": "", "email": "x", "message": ""})
        assert not form.is_valid()
        assert form.errors["name"] == ["يُرجى إخبارنا باسمك."]
        assert form.errors["message"] == ["يُرجى كتابة رسالة."]


def test_language_from_path_names_only_configured_languages():
    assert services.language_from_path("/ar/world/") == "ar"
    assert services.language_from_path("/ar") == "ar"
    assert services.language_from_path("/world/") is None
    assert services.language_from_path("/en-gb/world/") is None  # the default
    assert services.language_from_path("/fr/world/") is None
    assert services.language_from_path("/archive/") is None


def test_rtl_languages():
    assert services.is_rtl("ar")
    assert services.is_rtl("he")
    assert not services.is_rtl("en-gb")


def test_editors_translate_a_story_from_the_admin(client, story, django_user_model):
    """Wagtail's "Translate" (simple_translation): front page, section, then
    the story, as the admin offers them (a locale stays disabled until the
    parent is translated)."""
    from wagtail.models import Locale

    arabic = Locale.objects.create(language_code="ar")
    admin = django_user_model.objects.create_superuser(
        "chief", "chief@newsroom.example", "a long test password"
    )
    client.force_login(admin)
    assert client.get("/admin/locales/").status_code == 200
    section = story.get_parent()
    for page in (section.get_parent(), section, story):
        url = f"/admin/translation/submit/page/{page.pk}/"
        assert client.get(url).status_code == 200
        assert client.post(url, {"locales": [arabic.pk]}).status_code == 302
    copy = story.get_translation(arabic)
    assert copy.get_parent().get_translation(section.locale).pk == section.pk
    assert not copy.live  # a draft for the translator to translate and publish
