"""The archive generator: pure planning, then 300 stories read through the site."""

from datetime import UTC, datetime
from random import Random

import pytest
from django.core.management import CommandError, call_command

from masthead.demo import archive


def test_make_text_has_the_asked_number_of_words():
    paragraphs = archive.make_text(Random(3), 1234)
    assert sum(len(p.split()) for p in paragraphs) == 1234


def test_the_same_seed_plans_the_same_stories():
    end = datetime(2026, 1, 1, tzinfo=UTC)

    def plan(seed):
        return [
            (s.headline, s.section, s.tags, s.published_at)
            for s in archive.plan_stories(
                20, seed=seed, first_number=0, end=end, image_count=8
            )
        ]

    assert plan(5) == plan(5)
    assert plan(5) != plan(6)
    dates = [row[3] for row in plan(5)]
    assert dates == sorted(dates) and dates[-1] == end


@pytest.fixture
def generated(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return archive.generate_archive(
        stories=300,
        seed=7,
        batch=120,
        image_count=6,
        live_blogs=1,
        words=(60, 400),  # shorter than the real 200-3,000: the test stays quick
        report=str,
    )


@pytest.mark.django_db
def test_generated_archive_reads_like_an_edited_one(generated, client, capsys):
    from wagtail.models import Page

    from masthead.articles.models import ArticlePage

    assert generated["stories"] == 300
    assert Page.find_problems() == ([], [], [], [], [])
    stories = ArticlePage.objects.filter(source_id__startswith="archive:")
    assert stories.count() == 301  # and one live blog
    assert not stories.filter(live_revision__isnull=True).exists()
    assert not stories.filter(latest_revision__isnull=True).exists()
    assert 0 < generated["corrections"] <= 20  # about 2 % of 300

    section = stories.order_by("?").first().get_parent()
    newest = list(
        ArticlePage.objects.child_of(section)
        .live()
        .order_by("-first_published_at")
        .values_list("title", flat=True)[:3]
    )
    html = client.get(section.url).content.decode()
    positions = [html.find(title) for title in newest]
    assert -1 not in positions and positions == sorted(positions)

    story = stories.exclude(content_type__model="liveblogpage").last()
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.live_revision.as_object().title == story.title
    assert list(story.live_revision.as_object().tags.all()) == list(story.tags.all())
    page = response.content.decode()
    person = story.authors.first().person
    assert person.name in page
    assert "Archive Photographer" in page  # figure credits
    assert page.count("<figure") >= 1

    word = max(story.title.split(), key=len)
    found = client.get("/search/", {"q": word}).content.decode()
    assert any(s.url in found for s in stories.filter(title__icontains=word))
    found = client.get("/search/", {"q": story.title}).content.decode()
    assert story.url in found

    # A second run into the same site is refused unless it appends.
    with pytest.raises(CommandError, match="--append"):
        call_command("generate_archive", "--stories", "5")
    call_command("generate_archive", "--stories", "5", "--dry-run")
    assert "refused without --append" in capsys.readouterr().out
