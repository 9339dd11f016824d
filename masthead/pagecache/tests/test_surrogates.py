"""What a response is recorded as showing (pure: no database)."""

from masthead.pagecache import surrogates


def record_while(*keys):
    token = surrogates.start_recording()
    surrogates.record(*keys)
    return surrogates.stop_recording(token)


def test_a_served_page_depends_on_itself_and_the_pages_it_links():
    keys = record_while("served:7", "page:7", "page:12")
    assert keys == {"served:7", "page:7", "page:12"}


def test_a_response_that_is_no_page_depends_on_the_latest_stories():
    assert record_while("page:12") == {"page:12", surrogates.LATEST}


def test_a_page_linking_thousands_of_stories_stays_bounded():
    keys = record_while("served:1", *(f"page:{n}" for n in range(10_000)))
    assert keys == {"served:1", surrogates.ANY_PAGE}


def test_nothing_is_recorded_outside_a_render():
    surrogates.record("page:1")  # no error, no effect
    assert record_while() == {surrogates.LATEST}
