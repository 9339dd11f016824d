"""Whether the newsroom is around to chat: the rules, the staff heartbeat, leaving.

The rules (office hours, presence window) take plain values and are tested without a
database; ``is_newsroom_around_now`` applies them to the stored heartbeats.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from masthead.core.models import NewsroomSettings

from ..models import StaffPresence
from .groups import READERS_GROUP, send_to_group

PERMISSION = "contact.answer_messages"

OFFLINE_SENTENCE = (
    "We're not around right now. But you can send us an email and we'll get back "
    "to you, asap."
)


# Pure rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PresenceRules:
    chat_enabled: bool = True
    window_minutes: int = 5
    office_hours_only: bool = False
    opens: datetime.time = datetime.time(9, 0)
    closes: datetime.time = datetime.time(18, 0)
    days: frozenset[int] = frozenset(range(5))
    time_zone: str = "UTC"


def parse_weekdays(text: str) -> frozenset[int]:
    """``"0,1,2"`` → {0, 1, 2}; anything that is not a day number 0–6 is ignored."""
    return frozenset(
        int(part) for part in re.findall(r"\d+", text or "") if 0 <= int(part) <= 6
    )


def is_within_office_hours(now: datetime.datetime, rules: PresenceRules) -> bool:
    """Whether ``now`` (aware) falls in office hours in the newsroom's time zone.

    Hours that close before they open run overnight (22:00–06:00): the early-morning
    part belongs to the day the shift started.
    """
    zone: datetime.tzinfo
    try:
        zone = zoneinfo.ZoneInfo(rules.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = datetime.UTC
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if rules.opens <= rules.closes:
        return local.weekday() in rules.days and rules.opens <= clock < rules.closes
    if clock >= rules.opens:
        return local.weekday() in rules.days
    if clock < rules.closes:
        return (local.weekday() - 1) % 7 in rules.days
    return False


def is_newsroom_around(
    now: datetime.datetime,
    last_seen: Iterable[datetime.datetime | None],
    rules: PresenceRules,
) -> bool:
    """Around = chat on, within office hours if they apply, and at least one staff
    member with the contact permission seen within the presence window."""
    if not rules.chat_enabled:
        return False
    if rules.office_hours_only and not is_within_office_hours(now, rules):
        return False
    since = now - datetime.timedelta(minutes=rules.window_minutes)
    return any(seen is not None and since <= seen <= now for seen in last_seen)


# Presence -----------------------------------------------------------------------------


def get_presence_rules() -> PresenceRules:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return PresenceRules()
    newsroom = NewsroomSettings.for_site(site)
    return PresenceRules(
        chat_enabled=newsroom.chat_enabled,
        window_minutes=newsroom.presence_minutes,
        office_hours_only=newsroom.office_hours_only,
        opens=newsroom.office_opens,
        closes=newsroom.office_closes,
        days=parse_weekdays(newsroom.office_days),
        time_zone=newsroom.time_zone,
    )


def can_answer_messages(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
        PERMISSION
    )


def is_newsroom_around_now() -> bool:
    rules = get_presence_rules()
    now = timezone.now()
    since = now - datetime.timedelta(minutes=rules.window_minutes)
    seen = [
        presence.last_seen
        for presence in StaffPresence.objects.filter(
            last_seen__gte=since, user__is_active=True, is_away=False
        ).select_related("user")
        if can_answer_messages(presence.user)
    ]
    return is_newsroom_around(now, seen, rules)


def record_heartbeat(*, user) -> bool:
    """Note that ``user`` is active in the admin; returns False if they may not
    answer readers (their activity then does not count).

    A heartbeat never ends "Go away": only ``come_back`` does.
    """
    if not can_answer_messages(user):
        return False
    StaffPresence.objects.update_or_create(
        user=user, defaults={"last_seen": timezone.now()}
    )
    return True


def is_staff_away(*, user) -> bool:
    """Whether ``user`` chose "Go away" and has not come back yet."""
    return StaffPresence.objects.filter(user=user, is_away=True).exists()


def go_away(*, user) -> None:
    """``user`` chose to be away: they stop counting as around, whatever their open
    admin pages report, until ``come_back``. Open chats fall back at once if
    nobody else is around."""
    StaffPresence.objects.update_or_create(
        user=user, defaults={"is_away": True, "last_seen": None}
    )
    transaction.on_commit(broadcast_presence)


def come_back(*, user) -> bool:
    """End "Go away": ``user`` counts as around from now. False (and nothing
    stored) if they may not answer readers."""
    if not can_answer_messages(user):
        return False
    StaffPresence.objects.update_or_create(
        user=user, defaults={"is_away": False, "last_seen": timezone.now()}
    )
    transaction.on_commit(broadcast_presence)
    return True


def mark_staff_away(*, user) -> None:
    """``user`` has left (logged out): if nobody else is around, open chats fall
    back at once. Their next heartbeat, after logging in again, counts."""
    StaffPresence.objects.filter(user=user).update(last_seen=None)
    transaction.on_commit(broadcast_presence)


def mark_staff_away_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        mark_staff_away(user=user)


def broadcast_presence() -> None:
    """Tell every open reader box whether someone is around now."""
    send_to_group(
        READERS_GROUP, {"type": "presence.changed", "around": is_newsroom_around_now()}
    )
