"""A page of stories costs a fixed number of queries, whatever its length."""

import pytest

from tests.factories import make_person

pytestmark = pytest.mark.django_db

# Authors (with people), tags, corrections, lead-photo renditions, sections, the
# stories themselves, and the filter's own lookup (the person).
STORY_LIST_QUERIES = 7


def make_stories(make_article, make_image, count):
    person = make_person("Ann Lee")
    for n in range(count):
        make_article(
            f"Story {n}",
            authors=[person, make_person(f"Writer {n}")],
            tags=["Rivers", f"Tag {n}"],
            lead_image=make_image(credit=f"Credit {n}"),
        )


@pytest.mark.parametrize("count", [2, 20])
def test_a_list_of_stories_is_read_in_constant_queries(
    api, make_article, make_image, settings, django_assert_num_queries, count
):
    settings.MASTHEAD_PAGE_CACHE = False  # measure the build, not a cache hit
    make_stories(make_article, make_image, count)
    url = "/api/v1/stories/?author=ann-lee&limit=20"
    first = api(url)  # makes the renditions (file writes), as the first page view does
    assert len(first.data["items"]) == count

    with django_assert_num_queries(STORY_LIST_QUERIES):
        response = api(url)

    assert len(response.data["items"]) == count
    assert all(item["lead_figure"]["renditions"] for item in response.data["items"])


def test_a_cached_list_costs_only_the_key_lookup(
    api, make_article, make_image, django_assert_num_queries
):
    from masthead.api.services import create_api_key

    make_stories(make_article, make_image, 3)
    _key, raw_key = create_api_key(name="Partner")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    api("/api/v1/stories/", **headers)
    with django_assert_num_queries(1):  # the key, never remembered
        assert api("/api/v1/stories/", **headers)["X-Cache"] == "HIT"
