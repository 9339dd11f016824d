"""Quick contact: presence rules, messages, chats, their emails and the inbox.

The pure rules (office hours, presence, header safety, backoff) take plain values and
are tested without a database; the write functions own their transaction and enqueue
their emails inside it, so a stored message always has its delivery queued.
"""

from __future__ import annotations

import csv
import datetime
import logging
import re
import smtplib
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formataddr

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("masthead.contact")

READERS_GROUP = "contact.readers"
STAFF_GROUP = "contact.staff"
PERMISSION = "contact.answer_messages"
CHAT_SESSION_KEY = "contact_chat_token"

NAME_MAX = 100
EMAIL_MAX = 254
MESSAGE_MAX = 5000
CHAT_LINE_MAX = 2000

OFFLINE_SENTENCE = (
    "We're not around right now. But you can send us an email and we'll get back "
    "to you, asap."
)


def chat_group(conversation_id: int) -> str:
    return f"contact.chat.{conversation_id}"


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


_UNSAFE_HEADER_CHARS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


def clean_header_text(value: str) -> str:
    """One line, no control characters: a reader's text can never start a header."""
    return " ".join(_UNSAFE_HEADER_CHARS.sub(" ", value or "").split())


def has_line_breaks_or_controls(value: str) -> bool:
    return bool(_UNSAFE_HEADER_CHARS.search(value or ""))


def format_reader_address(name: str, email: str) -> str:
    """``"Name" <email>`` safe for a header; the name is flattened to one line and
    quoted by the standard library, the address must already be validated."""
    if has_line_breaks_or_controls(email) or "," in email:
        raise ValueError("an email address with line breaks or commas")
    return formataddr((clean_header_text(name)[:NAME_MAX], email))


def compute_retry_delay(attempts: int, *, base: int, cap: int) -> int:
    """Seconds to wait after ``attempts`` failed tries: base, 2·base, 4·base, ≤ cap."""
    if attempts < 1:
        return 0
    return min(cap, base * 2 ** min(attempts - 1, 30))


def is_rate_limited(key: str, *, limit: int, window: int) -> bool:
    """Count one more event for ``key``; True once more than ``limit`` happened in the
    current fixed window. A cache outage lets events through rather than block."""
    bucket = f"contact:rate:{key}:{int(timezone.now().timestamp()) // max(window, 1)}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:
        # Evicted between add and incr: start again at one.
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    if count is None:
        return False
    return count > limit


# Presence -----------------------------------------------------------------------------


def get_presence_rules() -> PresenceRules:
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

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


def get_newsroom_email() -> str:
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return NewsroomSettings.for_site(site).newsroom_email


def can_answer_messages(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
        PERMISSION
    )


def is_newsroom_around_now() -> bool:
    from .models import StaffPresence

    rules = get_presence_rules()
    now = timezone.now()
    since = now - datetime.timedelta(minutes=rules.window_minutes)
    seen = [
        presence.last_seen
        for presence in StaffPresence.objects.filter(
            last_seen__gte=since, user__is_active=True
        ).select_related("user")
        if can_answer_messages(presence.user)
    ]
    return is_newsroom_around(now, seen, rules)


def record_heartbeat(*, user) -> bool:
    """Note that ``user`` is active in the admin; returns False if they may not
    answer readers (their activity then does not count)."""
    from .models import StaffPresence

    if not can_answer_messages(user):
        return False
    StaffPresence.objects.update_or_create(
        user=user, defaults={"last_seen": timezone.now()}
    )
    return True


def mark_staff_away(*, user) -> None:
    """``user`` has left: if nobody else is around, open chats fall back at once."""
    from .models import StaffPresence

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


def send_to_group(group: str, event: dict) -> None:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # a dead Redis must not turn a saved message into a 500
        logger.exception("could not send %s to %s", event.get("type"), group)


def count_waiting_chats() -> int:
    """Chats whose reader has spoken and nobody from the newsroom has answered yet."""
    from .models import Conversation

    return (
        Conversation.objects.filter(
            kind=Conversation.Kind.CHAT, status=Conversation.Status.NEW
        )
        .with_lines()
        .count()
    )


# Messages and chats -----------------------------------------------------------------


def record_message(
    *,
    name: str,
    email: str,
    message: str,
    wants_copy: bool = False,
    page_url: str = "",
):
    """Store a reader's message and queue its email to the newsroom (and the reader's
    copy) in one transaction: either both exist afterwards or neither does."""
    from .models import Conversation, Line, OutgoingEmail

    with transaction.atomic():
        conversation = Conversation.objects.create(
            kind=Conversation.Kind.MESSAGE,
            name=clean_header_text(name)[:NAME_MAX],
            email=email,
            wants_copy=wants_copy,
            page_url=page_url[:500],
        )
        Line.objects.create(
            conversation=conversation, author=Line.Author.READER, body=message
        )
        queue_contact_email(
            conversation=conversation,
            purpose=OutgoingEmail.Purpose.TO_NEWSROOM,
            to=get_newsroom_email() or settings.DEFAULT_FROM_EMAIL,
            subject=f"Reader message from {conversation.name}",
            body=render_newsroom_email_body(conversation, message),
            reply_to=email,
            reply_to_name=conversation.name,
        )
        if wants_copy:
            queue_contact_email(
                conversation=conversation,
                purpose=OutgoingEmail.Purpose.COPY_TO_READER,
                to=email,
                subject=f"Your message to {settings.WAGTAIL_SITE_NAME}",
                body=(
                    f"Hello {conversation.name},\n\nthank you for writing to us. "
                    "This is a copy of your message; we'll get back to you, asap.\n\n"
                    f"{message}\n"
                ),
            )
    return conversation


def render_newsroom_email_body(conversation, message: str) -> str:
    """Plain text only: markup a reader typed arrives as the characters they typed."""
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    sender = (
        f"{conversation.name} <{conversation.email}>"
        if conversation.email
        else "a reader who has since deleted their account"
    )
    lines = [
        f"From: {sender}",
        f"Page: {conversation.page_url or '(not given)'}",
        "",
        message,
        "",
        "-- ",
        "Reply to this email to answer the reader, or answer in the admin:",
        f"{admin}/admin/contact/{conversation.pk}/",
    ]
    return "\n".join(lines)


def queue_contact_email(
    *,
    conversation,
    purpose: str,
    to: str,
    subject: str,
    body: str,
    reply_to: str = "",
    reply_to_name: str = "",
):
    """Store an outgoing email and enqueue its delivery in the caller's transaction."""
    from .models import OutgoingEmail
    from .tasks import deliver_contact_email_task

    with transaction.atomic():
        outgoing = OutgoingEmail.objects.create(
            conversation=conversation,
            purpose=purpose,
            to=to,
            subject=clean_header_text(subject)[:200],
            body=body,
            reply_to=reply_to,
            reply_to_name=clean_header_text(reply_to_name)[:NAME_MAX],
        )
        # The database backend writes the task row now, in this same transaction.
        deliver_contact_email_task.enqueue(outgoing.pk)
    return outgoing


def build_email_message(outgoing) -> EmailMessage:
    reply_to = (
        [format_reader_address(outgoing.reply_to_name, outgoing.reply_to)]
        if outgoing.reply_to
        else []
    )
    return EmailMessage(
        subject=clean_header_text(outgoing.subject),
        body=outgoing.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outgoing.to],
        reply_to=reply_to,
    )


def deliver_email(*, email_id: int):
    """Try to send one queued email and record the attempt.

    Returns the email, or None when it is gone or already settled (a repeated task
    run sends nothing twice). On an SMTP or network error the email stays queued
    and a retry is enqueued after a growing delay, until the attempts run out.
    """
    from .models import DeliveryAttempt, OutgoingEmail

    with transaction.atomic():
        outgoing = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if outgoing is None or outgoing.status != OutgoingEmail.Status.QUEUED:
            return None
        error = ""
        try:
            build_email_message(outgoing).send()
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        outgoing.attempts += 1
        DeliveryAttempt.objects.create(
            email=outgoing,
            number=outgoing.attempts,
            succeeded=not error,
            error=error,
        )
        if not error:
            outgoing.status = OutgoingEmail.Status.SENT
            outgoing.sent_at = timezone.now()
        elif outgoing.attempts >= settings.CONTACT_EMAIL_MAX_ATTEMPTS:
            outgoing.status = OutgoingEmail.Status.FAILED
            logger.error("giving up on contact email %s: %s", outgoing.pk, error)
        else:
            delay = compute_retry_delay(
                outgoing.attempts,
                base=settings.CONTACT_EMAIL_RETRY_BASE_SECONDS,
                cap=settings.CONTACT_EMAIL_RETRY_MAX_SECONDS,
            )
            logger.warning(
                "contact email %s not sent (%s); retry in %ss",
                outgoing.pk,
                error,
                delay,
            )
            from .tasks import deliver_contact_email_task

            deliver_contact_email_task.using(
                run_after=timezone.now() + datetime.timedelta(seconds=delay)
            ).enqueue(outgoing.pk)
        outgoing.save(update_fields=["attempts", "status", "sent_at"])
    return outgoing


def start_chat(*, name: str, email: str = "", page_url: str = ""):
    from .models import Conversation

    return Conversation.objects.create(
        kind=Conversation.Kind.CHAT,
        name=clean_header_text(name)[:NAME_MAX],
        email=email,
        page_url=page_url[:500],
    )


def is_chat_open(*, token: str | None) -> bool:
    """Whether the chat this session started can still be joined."""
    from .models import Conversation

    if not token:
        return False
    return (
        Conversation.objects.filter(token=token, kind=Conversation.Kind.CHAT)
        .exclude(status__in=[Conversation.Status.CLOSED, Conversation.Status.SPAM])
        .exists()
    )


def add_chat_line(*, conversation, body: str, staff_user=None):
    """Store one chat line; a staff line marks the conversation answered and read,
    a reader line marks it unread again."""
    from .models import Conversation, Line

    with transaction.atomic():
        line = Line.objects.create(
            conversation=conversation,
            author=Line.Author.STAFF if staff_user else Line.Author.READER,
            staff_user=staff_user,
            body=body,
        )
        # Update by query: the socket's copy of the conversation may be stale.
        conversations = Conversation.objects.filter(pk=conversation.pk)
        if staff_user is not None:
            conversations.filter(status=Conversation.Status.NEW).update(
                status=Conversation.Status.ANSWERED, updated_at=timezone.now()
            )
            conversations.update(is_read=True)
        else:
            conversations.update(is_read=False, updated_at=timezone.now())
    return line


def describe_line(line) -> dict:
    """What a chat client is told about a line (text only; the client renders it
    as text, never as markup)."""
    who = "reader"
    if line.author == "staff":
        who = "staff"
    return {
        "id": line.pk,
        "author": who,
        "body": line.body,
        "at": line.created_at.isoformat(),
    }


def reply_by_email(*, conversation, staff_user, body: str):
    """Store a staff reply and queue it to the reader's address."""
    from .models import Conversation, Line, OutgoingEmail

    if not conversation.email:
        raise ValueError("This reader left no email address to reply to.")
    with transaction.atomic():
        line = Line.objects.create(
            conversation=conversation,
            author=Line.Author.STAFF,
            staff_user=staff_user,
            body=body,
            sent_by_email=True,
        )
        queue_contact_email(
            conversation=conversation,
            purpose=OutgoingEmail.Purpose.REPLY_TO_READER,
            to=conversation.email,
            subject=f"Re: your message to {settings.WAGTAIL_SITE_NAME}",
            body=body,
            reply_to=get_newsroom_email(),
        )
        conversation.status = Conversation.Status.ANSWERED
        conversation.is_read = True
        conversation.save(update_fields=["status", "is_read", "updated_at"])
    return line


def set_conversation_status(*, conversation, status: str) -> None:
    conversation.status = status
    conversation.is_read = True
    conversation.save(update_fields=["status", "is_read", "updated_at"])
    if status in {"closed", "spam"} and conversation.kind == "chat":
        transaction.on_commit(
            lambda: send_to_group(chat_group(conversation.pk), {"type": "chat.closed"})
        )


def mark_read(*, conversation) -> None:
    if not conversation.is_read:
        conversation.is_read = True
        conversation.save(update_fields=["is_read"])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def make_csv_safe(value: str) -> str:
    """Spreadsheets run cells that start like formulas; a reader's text must not."""
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_conversations_csv(conversations, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(
        ["id", "kind", "status", "received", "name", "email", "page", "transcript"]
    )
    for conversation in conversations:
        transcript = "\n".join(
            f"{line.get_author_display()}: {line.body}"
            for line in conversation.lines.all()
        )
        writer.writerow(
            [
                conversation.pk,
                conversation.kind,
                conversation.status,
                conversation.created_at.isoformat(),
                *(
                    make_csv_safe(value)
                    for value in (
                        conversation.name,
                        conversation.email,
                        conversation.page_url,
                        transcript,
                    )
                ),
            ]
        )


# A reader who deletes their account ------------------------------------------------


def forget_deleted_reader(sender, *, user, emails, **kwargs) -> None:
    """A reader deleted their account (``accounts.services.reader_account_deleted``).

    What they said stays in the newsroom's inbox, as a letter to the editor would,
    but the name and address they typed go. Emails still owed to them are not sent,
    and the stored copies of emails to or about them are deleted. A message to the
    newsroom still waiting in the queue is delivered without their Reply-To.
    """
    from django.db.models import Q

    from .models import Conversation, OutgoingEmail

    addresses = [address for address in emails if address]
    if not addresses:
        return
    theirs = Q()
    for address in addresses:
        theirs |= Q(email__iexact=address)
    conversations = list(
        Conversation.objects.filter(theirs).values_list("pk", flat=True)
    )
    owed_to_newsroom = Q(
        purpose=OutgoingEmail.Purpose.TO_NEWSROOM, status=OutgoingEmail.Status.QUEUED
    )
    stored = OutgoingEmail.objects.filter(conversation__in=conversations)
    stored.exclude(owed_to_newsroom).delete()
    Conversation.objects.filter(pk__in=conversations).update(name="", email="")
    for outgoing in stored.filter(owed_to_newsroom).select_related("conversation"):
        first_line = outgoing.conversation.lines.filter(author="reader").first()
        outgoing.subject = "Reader message"
        outgoing.body = render_newsroom_email_body(
            outgoing.conversation, first_line.body if first_line else ""
        )
        outgoing.reply_to = outgoing.reply_to_name = ""
        outgoing.save(update_fields=["subject", "body", "reply_to", "reply_to_name"])
