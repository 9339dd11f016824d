"""Subscribing (double opt-in), confirming, unsubscribing, and the account page.

Every change writes a ``ConsentRecord``: a newsroom must be able to show when and
how a reader agreed, to which words, and when they withdrew.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import ConsentRecord, NewsletterList, Subscriber, Subscription
from .addresses import email_key, normalise_email
from .suppression import lift_suppressions, suppress_address


def consent_text(list_names: Iterable[str]) -> str:
    """The sentence a reader agrees to; stored verbatim with each consent."""
    names = ", ".join(list_names)
    return (
        f"Send me {names} by email. I can unsubscribe at any time with the link in "
        "every email; my address is used for nothing else."
    )


def find_offered_lists(slugs: Iterable[str]) -> list[NewsletterList]:
    wanted = [slug for slug in dict.fromkeys(slugs) if slug]
    return list(NewsletterList.objects.filter(slug__in=wanted, is_active=True))


def default_signup_lists() -> list[NewsletterList]:
    """What the box subscribes to when the reader ticks nothing: the daily digest."""
    offered = NewsletterList.objects.filter(is_active=True)
    return list(offered.filter(kind=NewsletterList.Kind.DAILY)[:1]) or list(offered[:1])


def _clean_ip(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None


def _record(subscriber, *, action, method, lists, source="", ip="", text=""):
    ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        method=method,
        lists=",".join(n.slug for n in lists)[:500],
        consent_text=text,
        source=(source or "")[:500],
        ip_address=_clean_ip(ip),
        at=timezone.now(),
    )


def _get_or_create_subscriber(email: str) -> Subscriber:
    subscriber, _ = Subscriber.objects.get_or_create(
        email_key=email_key(email), defaults={"email": normalise_email(email)}
    )
    return subscriber


def request_subscription(
    *, email: str, newsletters: list[NewsletterList], source: str = "", ip: str = ""
) -> Subscriber:
    """Record the request and mail a confirmation link (after commit, through the
    durable queue). Nothing is sent to the lists until the link is followed; a
    repeated request sends another link and changes nothing else."""
    from ..tasks import send_confirmation_email_task

    if not newsletters:
        raise ValueError("no list to subscribe to")
    with transaction.atomic():
        subscriber = _get_or_create_subscriber(email)
        _record(
            subscriber,
            action=ConsentRecord.Action.REQUESTED,
            method=ConsentRecord.Method.FORM,
            lists=newsletters,
            source=source,
            ip=ip,
            text=consent_text(n.name for n in newsletters),
        )
        slugs = [n.slug for n in newsletters]
        subscriber_id = subscriber.pk
        transaction.on_commit(
            lambda: send_confirmation_email_task.enqueue(subscriber_id, slugs)
        )
    return subscriber


def confirm_subscription(
    *, email: str, list_slugs: Iterable[str], ip: str = ""
) -> tuple[Subscriber, list[NewsletterList]]:
    """Follow a confirmation link: subscribe to the lists still offered. Confirming
    twice is harmless. A confirmation is fresh consent, so it lifts an earlier
    unsubscribe from these lists."""
    newsletters = find_offered_lists(list_slugs)
    with transaction.atomic():
        subscriber = _get_or_create_subscriber(email)
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        for newsletter in newsletters:
            Subscription.objects.get_or_create(
                subscriber=subscriber, newsletter=newsletter
            )
        lift_suppressions(email=email, newsletters=newsletters)
        _record(
            subscriber,
            action=ConsentRecord.Action.CONFIRMED,
            method=ConsentRecord.Method.EMAIL_LINK,
            lists=newsletters,
            ip=ip,
            text=consent_text(n.name for n in newsletters),
        )
    return subscriber, newsletters


def unsubscribe(
    *, email: str, list_slug: str = "", method: str = ConsentRecord.Method.EMAIL_LINK
) -> NewsletterList | None:
    """Leave one list (``list_slug``) or everything. Always suppresses, even for an
    address the database no longer knows (a restore, a deleted row). Returns the
    list left, or None for everything."""
    newsletter = (
        NewsletterList.objects.filter(slug=list_slug).first() if list_slug else None
    )
    key = email_key(email)
    with transaction.atomic():
        suppress_address(email=email, reason="unsubscribed", newsletter=newsletter)
        subscriber = Subscriber.objects.filter(email_key=key).first()
        if subscriber is not None:
            subscriptions = Subscription.objects.filter(subscriber=subscriber)
            if newsletter is not None:
                subscriptions = subscriptions.filter(newsletter=newsletter)
            subscriptions.delete()
            if newsletter is None:
                subscriber.status = Subscriber.Status.UNSUBSCRIBED
                subscriber.unsubscribed_at = timezone.now()
                subscriber.save(update_fields=["status", "unsubscribed_at"])
            _record(
                subscriber,
                action=ConsentRecord.Action.UNSUBSCRIBED,
                method=method,
                lists=[newsletter] if newsletter else [],
            )
    return newsletter


def find_account_email(user) -> str:
    """The signed-in reader's verified address ('' if none is verified yet)."""
    from allauth.account.models import EmailAddress

    row = (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary")
        .first()
    )
    return row.email if row else ""


def account_subscriptions(email: str) -> set[str]:
    return set(
        Subscription.objects.filter(
            subscriber__email_key=email_key(email),
            subscriber__status=Subscriber.Status.CONFIRMED,
        ).values_list("newsletter__slug", flat=True)
    )


def set_account_subscriptions(*, user, email: str, wanted_slugs: Iterable[str]) -> None:
    """The account page's checkboxes. The address is already verified by the
    account, so ticking a list subscribes at once (no second opt-in mail);
    unticking unsubscribes from that list and suppresses it."""
    wanted = {n.slug: n for n in find_offered_lists(wanted_slugs)}
    current = account_subscriptions(email)
    added = [n for slug, n in wanted.items() if slug not in current]
    with transaction.atomic():
        subscriber = _get_or_create_subscriber(email)
        if subscriber.user_id is None:
            subscriber.user = user
        if added:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
            subscriber.unsubscribed_at = None
            for newsletter in added:
                Subscription.objects.get_or_create(
                    subscriber=subscriber, newsletter=newsletter
                )
            lift_suppressions(email=email, newsletters=added)
            _record(
                subscriber,
                action=ConsentRecord.Action.CHANGED,
                method=ConsentRecord.Method.ACCOUNT,
                lists=added,
                text=consent_text(n.name for n in added),
            )
        subscriber.save()
    for slug in current - set(wanted):
        unsubscribe(email=email, list_slug=slug, method=ConsentRecord.Method.ACCOUNT)


def is_limited(kind: str, key: str) -> bool:
    """Per-IP and per-address limits on signups (counted in the cache)."""
    from masthead.core.ratelimit import is_rate_limited

    limits = {
        "ip": settings.MASTHEAD_NEWSLETTER_SIGNUPS_PER_IP_HOUR,
        "address": settings.MASTHEAD_NEWSLETTER_SIGNUPS_PER_ADDRESS_DAY,
    }
    windows = {"ip": 3600, "address": 86400}
    return is_rate_limited(
        f"newsletter:{kind}:{key}", limit=limits[kind], window=windows[kind]
    )
