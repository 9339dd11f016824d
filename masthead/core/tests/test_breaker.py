"""The shared-store breaker opens on a run of failures, not on one slow answer."""

import pytest

from masthead.core import generation


@pytest.fixture
def breaker():
    return generation.Breaker()


def test_one_timeout_on_a_busy_machine_does_not_open_it(breaker):
    breaker.trip("lookup timed out")
    assert not breaker.is_open()


def test_a_run_of_timeouts_opens_it(breaker):
    for _ in range(generation.BREAKER_AFTER):
        breaker.trip("lookup timed out")
    assert breaker.is_open()


def test_an_answer_in_time_starts_the_count_again(breaker):
    for _ in range(generation.BREAKER_AFTER - 1):
        breaker.trip("lookup timed out")
    assert breaker.timed(lambda: "page") == "page"
    breaker.trip("lookup timed out")
    assert not breaker.is_open()


def test_errors_count_and_are_raised(breaker):
    def broken():
        raise ConnectionError("gone")

    for _ in range(generation.BREAKER_AFTER):
        with pytest.raises(ConnectionError):
            breaker.timed(broken)
    assert breaker.is_open()
