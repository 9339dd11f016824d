"""The HTML block: always sanitised, and only editors and admins may add one."""

import pytest

from masthead.articles.blocks import sanitize_html
from masthead.articles.models import ArticlePage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from masthead.newsroom.tests.factories import article_form_data
from tests.factories import make_staff

CHART = (
    '<figure class="chart"><svg viewBox="0 0 100 40" role="img" aria-label="Rising">'
    '<rect x="0" y="10" width="30" height="30" fill="#a3141c"></rect>'
    '<text x="2" y="8">2025</text></svg>'
    "<figcaption>Passengers</figcaption></figure>"
)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()" class="lede">Hi</p>', '<p class="lede">Hi</p>'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://ons.gov.uk/data">data</a>',
            '<a href="https://ons.gov.uk/data" rel="noopener noreferrer">data</a>',
        ),
        ('<img src="https://tracker.example/p.gif" alt="">', '<img alt="">'),
        ('<img src="//tracker.example/p.gif" alt="">', '<img alt="">'),
        (
            '<img src="/media/chart.png" alt="Chart" onerror="x()">',
            '<img src="/media/chart.png" alt="Chart">',
        ),
        ('<iframe src="https://evil.example/"></iframe><p>a</p>', "<p>a</p>"),
        ("<style>body{display:none}</style><p>a</p>", "<p>a</p>"),
        ('<p style="position:fixed">a</p>', "<p>a</p>"),
        (
            '<svg onload="x()"><circle r="2"></circle></svg>',
            '<svg><circle r="2"></circle></svg>',
        ),
        ('<form action="/x"><input name="q"></form>', ""),
        (
            '<table><caption>Votes</caption><tr><th scope="col">Party</th></tr>'
            '<tr><td colspan="2">12</td></tr></table>',
            '<table><caption>Votes</caption><tbody><tr><th scope="col">Party</th></tr>'
            '<tr><td colspan="2">12</td></tr></tbody></table>',
        ),
        (
            '<ul><li>One</li></ul><ol start="3"><li>Three</li></ol>',
            '<ul><li>One</li></ul><ol start="3"><li>Three</li></ol>',
        ),
    ],
)
def test_html_is_sanitised(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_an_svg_chart_keeps_its_shapes_and_labels():
    assert sanitize_html(CHART) == CHART


@pytest.mark.django_db
def test_html_in_a_story_is_shown_sanitised(make_article, client):
    article = make_article(body=[("html", "<p>Poll</p><script>alert(1)</script>")])
    html = client.get(article.url).content.decode()
    assert '<div class="html-block"><p>Poll</p></div>' in html
    assert "alert(1)" not in html


@pytest.fixture
def newsroom(section):
    ensure_newsroom()
    return {
        "contributor": make_staff(roles.CONTRIBUTOR, "casey"),
        "editor": make_staff(roles.EDITOR, "eddie"),
        "admin": make_staff(roles.ADMIN, "ada"),
    }


def body_with_html(html):
    from wagtail.test.utils.form_data import rich_text, streamfield

    return streamfield([("paragraph", rich_text("<p>Intro.</p>")), ("html", html)])


def add_story(client, section, html, slug="poll-story"):
    draft = ArticlePage(title="Poll of polls", slug=slug)
    return client.post(
        f"/admin/pages/add/articles/articlepage/{section.pk}/",
        article_form_data(draft, body=body_with_html(html)),
    )


REFUSAL = "Only editors can add or change an HTML block."


@pytest.mark.django_db
def test_a_contributor_who_submits_an_html_block_gets_a_form_error(
    client, newsroom, section
):
    client.force_login(newsroom["contributor"])
    response = add_story(client, section, CHART)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not ArticlePage.objects.filter(slug="poll-story").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_can_add_an_html_block_which_is_sanitised(
    client, newsroom, section, role
):
    client.force_login(newsroom[role])
    response = add_story(client, section, CHART + "<script>alert(1)</script>")
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="poll-story").get_latest_revision_as_object()
    (block,) = [block for block in story.body if block.block_type == "html"]
    assert str(block.value) == CHART


@pytest.mark.django_db
def test_the_html_block_permission_belongs_to_editors_and_admins_only(newsroom):
    assert newsroom["editor"].has_perm("articles.use_html_block")
    assert newsroom["admin"].has_perm("articles.use_html_block")
    assert not newsroom["contributor"].has_perm("articles.use_html_block")
    photo_editor = make_staff(roles.PHOTO_EDITOR, "pia")
    assert not photo_editor.has_perm("articles.use_html_block")


@pytest.mark.django_db
def test_a_contributor_may_keep_but_not_change_an_editors_html_block(
    client, newsroom, make_article
):
    story = make_article(
        body=[("paragraph", "<p>Intro.</p>"), ("html", CHART)], publish=False
    )
    ArticlePage.objects.filter(pk=story.pk).update(owner=newsroom["contributor"])
    client.force_login(newsroom["contributor"])
    url = f"/admin/pages/{story.pk}/edit/"
    unchanged = article_form_data(story, body=body_with_html(CHART), standfirst="New")
    assert client.post(url, unchanged).status_code == 302
    changed = article_form_data(story, body=body_with_html(CHART.replace("30", "35")))
    response = client.post(url, changed)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()


@pytest.mark.django_db
def test_the_story_editor_offers_the_new_blocks(client, newsroom, section):
    client.force_login(newsroom["contributor"])
    response = client.get(f"/admin/pages/add/articles/articlepage/{section.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Table", "Embed (video, post, map)", "Audio or video file"):
        assert label in html
    assert "typed_table_block" in html  # the table editor's script is served
