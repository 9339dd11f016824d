"""The front page's rules, as plain values: picks lead, the newest fill in."""

from dataclasses import dataclass

from masthead.home.curation import arrange_front_page


@dataclass(frozen=True)
class Story:
    pk: int


STORIES = {pk: Story(pk) for pk in range(1, 21)}


def arrange(picked_ids, *, readable=None, newest_pks=range(20, 0, -1), top=4, latest=3):
    readable = STORIES if readable is None else readable
    front = arrange_front_page(
        picked_ids=picked_ids,
        readable={pk: STORIES[pk] for pk in picked_ids if pk in readable},
        newest=[STORIES[pk] for pk in newest_pks],
        top_story_count=top,
        latest_count=latest,
    )
    return (
        front.lead.pk if front.lead else None,
        [story.pk for story in front.top_stories],
        [story.pk for story in front.latest],
    )


def test_without_picks_the_newest_story_leads_and_the_next_fill_the_top():
    assert arrange([]) == (20, [19, 18, 17, 16], [15, 14, 13])


def test_the_first_pick_leads_and_the_next_picks_keep_their_order():
    assert arrange([3, 7, 5]) == (3, [7, 5, 20, 19], [18, 17, 16])


def test_a_picked_story_that_is_also_new_is_not_shown_twice():
    assert arrange([19, 3]) == (19, [3, 20, 18, 17], [16, 15, 14])


def test_unreadable_picks_are_skipped_and_the_next_pick_leads():
    readable = {pk: STORIES[pk] for pk in (5, 6)}
    assert arrange([2, 5, 9, 6], readable=readable) == (
        5,
        [6, 20, 19, 18],
        [17, 16, 15],
    )


def test_a_story_picked_twice_takes_one_place():
    assert arrange([4, 4, 8]) == (4, [8, 20, 19, 18], [17, 16, 15])


def test_empty_pick_rows_are_ignored():
    assert arrange([None, 4]) == (4, [20, 19, 18, 17], [16, 15, 14])


def test_more_picks_than_places_keep_only_the_first():
    lead, top, latest = arrange([1, 2, 3, 4, 5, 6], top=3)
    assert (lead, top) == (1, [2, 3, 4])
    assert latest == [20, 19, 18]


def test_few_stories_fill_what_they_can():
    assert arrange([], newest_pks=[2, 1]) == (2, [1], [])
    assert arrange([], newest_pks=[]) == (None, [], [])
    assert arrange([1], newest_pks=[1]) == (1, [], [])


def test_nothing_readable_at_all_leaves_the_front_page_empty():
    assert arrange([5], readable={}, newest_pks=[]) == (None, [], [])
