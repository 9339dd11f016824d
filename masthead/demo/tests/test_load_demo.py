import pytest
from wagtail.models import Page, Site

from masthead.articles.models import ArticlePage
from masthead.demo.admin_account import ensure_demo_admin
from masthead.demo.builders import load_demo
from masthead.images.models import NewsImage
from masthead.people.models import Person
from masthead.sections.models import SectionPage

pytestmark = pytest.mark.django_db

WIDGET_LINES = (
    "We're not around right now",
    "Log in with your credentials",
    "Forgot your details?",
)


def counts():
    return (
        Page.objects.count(),
        ArticlePage.objects.count(),
        NewsImage.objects.count(),
        Person.objects.count(),
        Site.objects.count(),
    )


def test_loading_the_demo_twice_duplicates_nothing():
    load_demo()
    first = counts()
    report = load_demo()
    assert counts() == first
    assert "reference article already loaded" in report


def test_demo_has_the_reference_article_and_real_looking_sections():
    load_demo()
    assert SectionPage.objects.live().count() >= 2
    others = ArticlePage.objects.live().exclude(source_id="reference:seed-page")
    assert others.count() >= 4
    assert len({article.get_parent().pk for article in others}) >= 2
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert home.__class__.__name__ == "HomePage"


def test_reference_article_is_faithful_to_the_seed_page():
    load_demo()
    article = ArticlePage.objects.get(source_id="reference:seed-page")
    assert article.live
    assert article.title == "Trump calls Putin and talks of ‘Russian Hoax’"
    assert article.source_name == "BBC News"
    assert article.lead_figure.alt == (
        "US President Donald Trump and Russian President Vladimir Putin"
    )
    assert article.lead_figure.credit == "BRENDAN SMIALOWSKI/Getty"
    assert article.lead_figure.caption.startswith(
        "Mr Trump and Mr Putin at their controversial meeting in Helsinki"
    )
    assert "Stand-in image" in article.lead_figure.caption
    kinds = [block.block_type for block in article.body]
    figures = [block.value for block in article.body if block.block_type == "figure"]
    assert len(figures) == 1
    assert figures[0]["credit"] == "ALEXEY NIKOLSKY/Getty"
    assert figures[0]["caption"].startswith("Mr Trump has defended Russia in the past")
    # The second figure stands before the Sarah Sanders quote, as in the page.
    assert kinds[kinds.index("figure") + 1] == "quote"
    quote = next(block.value for block in article.body if block.block_type == "quote")
    assert quote["speaker"] == "Sarah Sanders"
    assert quote["role"] == "Press secretary"
    assert quote["text"].startswith("Very, very briefly it was discussed")
    post = next(block.value for block in article.body if block.block_type == "post")
    assert post["text"] == "Had a long and very good conversation with President Putin"
    text = " ".join(str(block.value) for block in article.body)
    for line in WIDGET_LINES:
        assert line not in text
    assert kinds.count("paragraph") + kinds.count("quote") + kinds.count("post") == 16


def test_demo_admin_password_is_generated_once():
    password = ensure_demo_admin()
    assert password and len(password) >= 16
    assert ensure_demo_admin() is None


def test_demo_has_the_reference_article_in_arabic_linked_to_the_english(client):
    load_demo()
    english = ArticlePage.objects.get(source_id="reference:seed-page")
    arabic = ArticlePage.objects.get(
        translation_key=english.translation_key, locale__language_code="ar"
    )
    assert arabic.live and arabic.url.startswith("/ar/")
    assert arabic.title.startswith("ترامب")
    html = client.get(arabic.url).content.decode()
    assert 'dir="rtl"' in html
    assert f'hreflang="en-gb" href="http://localhost{english.url}"' in html
    assert client.get("/ar/").context["lead"].pk == arabic.pk
    assert client.get("/").context["lead"].pk == english.pk
    assert "Arabic reference article present" in load_demo()
