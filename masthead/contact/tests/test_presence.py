"""Presence rules: who counts, for how long, and office hours in the site's zone."""

import datetime as dt

import pytest
import time_machine

from masthead.contact.services.presence import (
    PresenceRules,
    is_newsroom_around,
    is_newsroom_around_now,
    is_within_office_hours,
    parse_weekdays,
    record_heartbeat,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday


def test_someone_seen_within_the_window_is_around():
    rules = PresenceRules(window_minutes=5)
    assert is_newsroom_around(NOW, [NOW - dt.timedelta(minutes=4)], rules)


def test_someone_seen_longer_ago_than_the_window_is_not_around():
    rules = PresenceRules(window_minutes=5)
    assert not is_newsroom_around(NOW, [NOW - dt.timedelta(minutes=6)], rules)


def test_nobody_seen_means_not_around():
    assert not is_newsroom_around(NOW, [], PresenceRules())
    assert not is_newsroom_around(NOW, [None], PresenceRules())


def test_chat_switched_off_is_never_around():
    rules = PresenceRules(chat_enabled=False)
    assert not is_newsroom_around(NOW, [NOW], rules)


@pytest.mark.parametrize(
    ("utc_time", "zone", "expected"),
    [
        # 08:30 UTC is 09:30 in Berlin in winter: open there, not yet in London.
        (dt.datetime(2026, 1, 7, 8, 30, tzinfo=UTC), "Europe/Berlin", True),
        (dt.datetime(2026, 1, 7, 8, 30, tzinfo=UTC), "Europe/London", False),
        # Summer time: 08:30 UTC is 09:30 in London.
        (dt.datetime(2026, 7, 8, 8, 30, tzinfo=UTC), "Europe/London", True),
        # 17:59 local is open, 18:00 is closed.
        (dt.datetime(2026, 1, 7, 17, 59, tzinfo=UTC), "UTC", True),
        (dt.datetime(2026, 1, 7, 18, 0, tzinfo=UTC), "UTC", False),
        # Saturday is not an office day; in Tokyo, Friday 23:00 UTC is Saturday.
        (dt.datetime(2026, 1, 10, 12, 0, tzinfo=UTC), "UTC", False),
        (dt.datetime(2026, 1, 9, 1, 0, tzinfo=UTC), "Asia/Tokyo", True),
        (dt.datetime(2026, 1, 9, 23, 0, tzinfo=UTC), "Asia/Tokyo", False),
        # New York: 13:00 UTC is 08:00 EST (closed), 14:00 UTC is 09:00 (open).
        (dt.datetime(2026, 1, 7, 13, 0, tzinfo=UTC), "America/New_York", False),
        (dt.datetime(2026, 1, 7, 14, 0, tzinfo=UTC), "America/New_York", True),
    ],
)
def test_office_hours_are_read_in_the_newsrooms_time_zone(utc_time, zone, expected):
    rules = PresenceRules(time_zone=zone)
    assert is_within_office_hours(utc_time, rules) is expected


def test_overnight_hours_belong_to_the_day_the_shift_started():
    rules = PresenceRules(
        opens=dt.time(22, 0),
        closes=dt.time(6, 0),
        days=frozenset({4}),  # Friday
    )
    friday_night = dt.datetime(2026, 1, 9, 23, 0, tzinfo=UTC)
    saturday_early = dt.datetime(2026, 1, 10, 5, 0, tzinfo=UTC)
    saturday_night = dt.datetime(2026, 1, 10, 23, 0, tzinfo=UTC)
    thursday_early = dt.datetime(2026, 1, 8, 5, 0, tzinfo=UTC)
    assert is_within_office_hours(friday_night, rules)
    assert is_within_office_hours(saturday_early, rules)
    assert not is_within_office_hours(saturday_night, rules)
    assert not is_within_office_hours(thursday_early, rules)


def test_office_hours_only_hides_staff_outside_hours():
    rules = PresenceRules(office_hours_only=True, time_zone="Europe/London")
    evening = dt.datetime(2026, 1, 7, 21, 0, tzinfo=UTC)
    assert not is_newsroom_around(evening, [evening], rules)
    assert is_newsroom_around(NOW, [NOW], rules)


def test_an_unknown_time_zone_falls_back_to_utc():
    rules = PresenceRules(time_zone="Mars/Olympus_Mons")
    assert is_within_office_hours(NOW, rules)


def test_weekday_list_ignores_what_is_not_a_day():
    assert parse_weekdays("0, 1,2,9,x,6") == frozenset({0, 1, 2, 6})


@pytest.mark.django_db
def test_a_heartbeat_makes_the_newsroom_around_until_the_window_passes(newsroom, staff):
    with time_machine.travel(NOW, tick=False) as clock:
        assert not is_newsroom_around_now()
        assert record_heartbeat(user=staff)
        assert is_newsroom_around_now()
        clock.shift(dt.timedelta(minutes=newsroom.presence_minutes + 1))
        assert not is_newsroom_around_now()


@pytest.mark.django_db
def test_staff_without_the_contact_permission_do_not_count(newsroom):
    from tests.factories import make_staff

    outsider = make_staff(username="photographer")
    assert not record_heartbeat(user=outsider)
    assert not is_newsroom_around_now()


@pytest.mark.django_db
def test_office_hours_setting_uses_the_site_time_zone(newsroom, staff):
    newsroom.office_hours_only = True
    newsroom.time_zone = "Asia/Tokyo"
    newsroom.save()
    # 12:00 UTC is 21:00 in Tokyo: staff are in the admin but the office is shut.
    with time_machine.travel(NOW, tick=False):
        record_heartbeat(user=staff)
        assert not is_newsroom_around_now()
    with time_machine.travel(dt.datetime(2026, 3, 4, 2, 0, tzinfo=UTC), tick=False):
        record_heartbeat(user=staff)
        assert is_newsroom_around_now()


@pytest.mark.django_db
def test_logging_out_leaves_the_newsroom(client, newsroom, staff):
    client.force_login(staff)
    record_heartbeat(user=staff)
    assert is_newsroom_around_now()
    client.post("/admin/logout/")
    assert not is_newsroom_around_now()
