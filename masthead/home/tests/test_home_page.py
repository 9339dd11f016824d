"""The front page as readers and editors see it: picks, fill-ins, the latest list,
preview of unsaved picks and the page cache after publishing."""

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.home.models import FrontPageStory, HomePage

pytestmark = pytest.mark.django_db

# Picks, the newest stories, older picks, sections, the rails (one query for all),
# and the photos' renditions for each list of stories (the site and view
# restrictions are remembered per site generation: core.sitecache).
QUERY_BUDGET = 8


@pytest.fixture
def stories(make_article):
    """Twenty stories, ``stories[0]`` the oldest (20 hours ago), the last the newest."""
    now = timezone.now()
    return [
        make_article(
            headline=f"Story {n:02d}",
            first_published_at=now - timedelta(hours=20 - n),
        )
        for n in range(20)
    ]


def pick(home, *stories):
    """Make ``stories`` the front page's picks, in order, and publish it."""
    home = HomePage.objects.get(pk=home.pk)
    home.picks = [FrontPageStory(story=story) for story in stories]
    home.save_revision().publish()
    return home


def context_titles(response):
    context = response.context
    return (
        context["lead"].title if context["lead"] else None,
        [story.title for story in context["top_stories"]],
        [story.title for story in context["latest"]],
    )


def test_without_picks_the_newest_stories_lead_then_the_latest_list(client, stories):
    lead, top, latest = context_titles(client.get("/"))
    assert lead == "Story 19"
    assert top == ["Story 18", "Story 17", "Story 16", "Story 15"]
    assert latest == [f"Story {n:02d}" for n in range(14, 6, -1)]


def test_the_first_pick_leads_and_the_rest_fill_with_the_newest(
    client, home_page, stories
):
    pick(home_page, stories[2], stories[18], stories[5])
    response = client.get("/")
    lead, top, latest = context_titles(response)
    assert lead == "Story 02"
    assert top == ["Story 18", "Story 05", "Story 19", "Story 17"]
    assert latest == [f"Story {n:02d}" for n in range(16, 8, -1)]
    html = response.content.decode()
    assert html.index("Story 02") < html.index("Story 18") < html.index("Story 05")
    assert '<section class="latest" aria-labelledby="latest-title">' in html


def test_unpublished_private_and_deleted_picks_are_skipped(client, home_page, stories):
    unpublished, private, deleted, kept = stories[1], stories[2], stories[3], stories[4]
    pick(home_page, unpublished, private, deleted, kept)
    unpublished.unpublish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    deleted.delete()

    lead, top, latest = context_titles(client.get("/"))
    assert lead == "Story 04"
    assert top == ["Story 19", "Story 18", "Story 17", "Story 16"]
    shown = {lead, *top, *latest}
    assert not shown & {"Story 01", "Story 02", "Story 03"}


def test_a_story_under_another_home_page_cannot_be_picked_onto_this_one(
    client, home_page, page_root, stories
):
    from tests.factories import make_section

    # A second tree (another site's front page) with its own story.
    other_home = page_root.add_child(instance=HomePage(title="Other", slug="other"))
    elsewhere = make_section(other_home, "Away", slug="away")
    from masthead.articles.services import create_article

    stranger = create_article(section=elsewhere, headline="Stranger", publish=True)
    pick(home_page, stranger, stories[0])
    lead, _, latest = context_titles(client.get("/"))
    assert lead == "Story 00" and "Stranger" not in latest


def test_front_page_runs_a_fixed_number_of_queries_whatever_the_picks(
    client, home_page, stories, settings, make_image
):
    from masthead.articles.models import ArticlePage

    settings.MASTHEAD_PAGE_CACHE = False  # measure the render, not the cache
    for story in stories[:5] + stories[-5:]:  # old picks and the newest have photos
        ArticlePage.objects.filter(pk=story.pk).update(lead_image=make_image())

    def count():
        client.get("/")  # renditions and caches warm on the first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    no_picks = count()
    pick(home_page, stories[0])
    one_old_pick = count()
    pick(home_page, *stories[:5])
    five_old_picks = count()
    # Older picks cost one query and one for their photos, however many there are.
    assert one_old_pick == five_old_picks == no_picks + 2
    assert five_old_picks <= QUERY_BUDGET


def test_the_admin_editor_offers_a_story_chooser_limited_to_articles(
    client, admin_user, home_page
):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The first story is the lead. Empty places fill with the newest" in html
    # The chooser's options sit in a data attribute (no inline script: the
    # admin's CSP, operations/wagtail_hooks.py).
    assert '"modelNames": ["articles.articlepage"]' in unescape(unescape(html))
    assert 'name="picks-MAX_NUM_FORMS" value="5"' in html


def home_form_data(home, story_ids):
    """The editor's form with the front page's picks changed to ``story_ids``,
    in place (as an editor choosing another story in each row does)."""
    rows = list(FrontPageStory.objects.filter(page=home))
    forms = [
        {"id": rows[n].pk if n < len(rows) else "", "story": pk, "ORDER": n}
        for n, pk in enumerate(story_ids)
    ]
    forms += [
        {"id": row.pk, "story": row.story_id, "DELETE": "1"}
        for row in rows[len(story_ids) :]
    ]
    return nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            "picks": inline_formset(forms, initial=len(rows)),
        }
    )


def test_an_editor_previews_a_new_lead_before_publishing_it(client, home_page, stories):
    from masthead.newsroom import roles
    from masthead.newsroom.services import ensure_newsroom
    from tests.factories import make_staff

    ensure_newsroom()
    home_page = pick(home_page, stories[3])
    preview_url = f"/admin/pages/{home_page.pk}/edit/preview/"
    client.force_login(make_staff(roles.EDITOR, "eddie"))

    posted = client.post(preview_url, home_form_data(home_page, [stories[7].pk]))
    assert posted.json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert preview.context["lead"].title == "Story 07"
    assert "Story 03" not in [s.title for s in preview.context["top_stories"]]

    client.logout()
    live = client.get("/")
    assert live.context["lead"].title == "Story 03"
    assert HomePage.objects.get(pk=home_page.pk).picks.get().story_id == stories[3].pk


def test_unpublishing_a_picked_lead_removes_it_from_the_cached_front_page(
    client, home_page, stories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pick(home_page, stories[0])
    first = client.get("/")
    assert first.context["lead"].title == "Story 00"
    assert client.get("/")["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        stories[0].unpublish()
    after = client.get("/")
    assert after["X-Cache"] == "MISS"
    html = after.content.decode()
    assert "Story 00" not in html
    assert after.context["lead"].title == "Story 19"


def test_publishing_new_picks_refreshes_the_cached_front_page(
    client, home_page, stories, django_capture_on_commit_callbacks
):
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        pick(home_page, stories[6])
    assert client.get("/").context["lead"].title == "Story 06"


def test_the_demo_front_page_leads_with_the_reference_article_once(client, page_root):
    from masthead.demo.builders import load_demo

    load_demo()
    report = load_demo()
    assert "front page picks present" in report
    # The site's own front page (the demo also has an Arabic one, issue 20).
    home = HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
    picks = [pick.story.source_id for pick in home.picks.all()]
    assert picks == ["reference:seed-page"]
    assert client.get("/").context["lead"].source_id == "reference:seed-page"


def test_each_rail_shows_its_sections_newest_stories_in_one_query(
    client, home_page, settings
):
    from masthead.articles.services import create_article
    from tests.factories import make_section

    settings.MASTHEAD_PAGE_CACHE = False
    now = timezone.now()

    def add_section(title, count):
        section = make_section(home_page, title)
        for n in range(count):
            create_article(
                section=section,
                headline=f"{title} {n}",
                first_published_at=now - timedelta(hours=100 - n),
                publish=True,
                body=[],
            )
        return section

    def count_queries():
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        return response, len(queries)

    add_section("Arts", 6)
    _, one_section = count_queries()
    add_section("Sport", 2)
    add_section("Travel", 7)
    response, three_sections = count_queries()

    assert three_sections == one_section
    rails = {
        section.title: [story.title for story in stories]
        for section, stories in response.context["rails"]
    }
    lead = response.context["lead"].title
    assert lead == "Travel 6"  # the newest story of all leads, and leaves its rail
    assert rails == {
        "Arts": ["Arts 5", "Arts 4", "Arts 3", "Arts 2"],
        "Sport": ["Sport 1", "Sport 0"],
        "Travel": ["Travel 5", "Travel 4", "Travel 3", "Travel 2"],
    }
