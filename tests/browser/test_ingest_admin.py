"""An editor pastes a scraped page into the admin Import screen, checks the preview
(the three widget lines marked as dropped), creates the draft and finds it."""

from pathlib import Path

import pytest

from tests.factories import make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = (
    Path(__file__).resolve().parents[2] / "masthead" / "demo" / "data" / "seed-page.txt"
)
HEADLINE = "Trump calls Putin and talks of ‘Russian Hoax’"
WIDGET_LINES = [
    "We're not around right now. But you can send us an email and we'll get back "
    "to you, asap.",
    "Log in with your credentials",
    "Forgot your details?",
]


def test_editor_imports_pasted_text_as_a_draft_through_the_admin(
    page_root, live_server, new_page, screenshot, django_user_model
):
    from wagtail.models import Site

    from masthead.articles.models import ArticlePage
    from masthead.home.models import HomePage

    home = page_root.add_child(instance=HomePage(title="Home", slug="front"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    world = make_section(home, "World", slug="world")
    django_user_model.objects.create_superuser("chief", "chief@example.org", "s3cret!")

    page = new_page(width=1280, height=900)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "s3cret!")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/admin/")

    page.goto(live_server.url + "/admin/import/")
    screenshot(page, "ingest-admin-form")
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.select_option("select[name=section]", label="World")
    page.get_by_role("button", name="Preview").click()

    assert page.locator(".ingest-headline").inner_text() == HEADLINE
    dropped = page.locator(".ingest-dropped-list .ingest-dropped")
    assert dropped.all_inner_texts() == WIDGET_LINES
    # Highlighted: struck through on a tinted background.
    style = dropped.first.evaluate(
        "el => [getComputedStyle(el).textDecorationLine,"
        " getComputedStyle(el).backgroundColor]"
    )
    assert style[0] == "line-through" and style[1] != "rgba(0, 0, 0, 0)"
    body = page.locator(".ingest-body").inner_text()
    for line in WIDGET_LINES:
        assert line not in body
    assert page.locator(".ingest-figure").count() == 2
    assert (
        "BRENDAN SMIALOWSKI/Getty" in page.locator(".ingest-figure").first.inner_text()
    )
    # The preview says what will happen (issue 18): one new draft, nothing failing.
    plan = page.get_by_test_id("import-plan").inner_text()
    assert "1 new draft" in plan and "fail" not in plan
    assert (
        page.locator(".ingest-item .ingest-plan")
        .inner_text()
        .startswith("Will be created as a draft")
    )
    screenshot(page, "ingest-admin-preview")
    dropped.first.scroll_into_view_if_needed()
    screenshot(page, "ingest-admin-preview-dropped", full_page=False)

    page.get_by_role("button", name="Create 1 draft").click()
    page.wait_for_url(f"**/admin/pages/{world.pk}/")
    listing = page.locator("main")
    assert HEADLINE in listing.inner_text()
    assert "draft" in listing.inner_text().lower()
    assert "Import finished: created 1" in listing.inner_text()
    screenshot(page, "ingest-admin-explorer")
    article = ArticlePage.objects.get()
    assert not article.live


def test_a_picture_still_being_fetched_is_invisible_to_readers_and_flagged_to_editors(
    page_root, live_server, new_page, screenshot, django_user_model
):
    """Issue 18: an imported figure whose picture has not arrived yet shows no
    broken image and no orphan caption to readers; the editor is told."""
    from wagtail.models import Site

    from masthead.home.models import HomePage
    from masthead.ingest.models import ImportedItem
    from masthead.ingest.parsers import ParsedArticle, ParsedFigure
    from masthead.ingest.saving import import_parsed_article

    home = page_root.add_child(instance=HomePage(title="Home", slug="front"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    world = make_section(home, "World", slug="world")
    figure = ParsedFigure(
        caption="Crowds on the quay at dawn.",
        credit="Ben Lee/AFP",
        src="https://pictures.example/quay.jpg",
        position=1,
    )
    parsed = ParsedArticle(
        headline="Ferry crossings resume after the storm",
        paragraphs=(
            "The island ferry sailed again on Monday after three days in port.",
            "Passengers queued from dawn to board it, the operator said.",
        ),
        figures=(figure,),
    )
    story = import_parsed_article(parsed, section=world, publish=True)
    ImportedItem.objects.create(
        guid="quay-1",
        article=story,
        digest="x",
        missing_figures=[{**figure.to_dict(), "retry": True, "attempts": 1}],
    )

    page = new_page(width=1100, height=800)
    page.goto(live_server.url + story.url)
    article = page.locator("main")
    assert "sailed again on Monday" in article.inner_text()
    assert "Crowds on the quay" not in article.inner_text()
    assert page.locator("main figure").count() == 0
    broken = page.evaluate(
        "() => [...document.images].filter(i => i.complete && !i.naturalWidth).length"
    )
    assert broken == 0
    screenshot(page, "ingest-pending-picture-reader")

    django_user_model.objects.create_superuser("chief", "chief@example.org", "s3cret!")
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "s3cret!")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + f"/admin/pages/{story.pk}/edit/")
    notice = page.get_by_text("1 imported picture is still being fetched")
    assert notice.is_visible()
    screenshot(page, "ingest-pending-picture-editor", full_page=False)
