"""Subscribers to and from CSV, keeping consent dates (editors' admin views).

Export: one row per subscriber with the lists and the first request and
confirmation times. Import: rows must say when and how consent was given; they
are imported as confirmed with an ``imported`` consent record that keeps the
original date. Suppressed addresses are never re-imported as subscribed.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import ConsentRecord, NewsletterList, Subscriber, Subscription
from .addresses import email_key, find_address_problem, normalise_email
from .suppression import is_suppressed_in_file

FIELDS = ["email", "status", "lists", "requested_at", "confirmed_at", "consent_text"]
MAX_ROWS = 200_000


def _cell(value: str) -> str:
    # A spreadsheet must not run an address or a consent text as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _iso(value: datetime.datetime | None) -> str:
    return value.isoformat() if value else ""


def export_subscribers_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    subscribers = Subscriber.objects.prefetch_related("lists", "consents").order_by(
        "email_key"
    )
    for subscriber in subscribers.iterator(chunk_size=2000):
        consents = list(subscriber.consents.all())
        requested = next(
            (c for c in consents if c.action != ConsentRecord.Action.UNSUBSCRIBED), None
        )
        confirmed = next(
            (c for c in consents if c.action == ConsentRecord.Action.CONFIRMED), None
        )
        writer.writerow(
            [
                _cell(subscriber.email),
                subscriber.status,
                " ".join(n.slug for n in subscriber.lists.all()),
                requested.at.isoformat() if requested else "",
                _iso(subscriber.confirmed_at or (confirmed.at if confirmed else None)),
                _cell(requested.consent_text if requested else ""),
            ]
        )
    return buffer.getvalue()


@dataclass
class ImportReport:
    imported: int = 0
    skipped: list[str] = field(default_factory=list)


def import_subscribers_csv(*, text: str, source: str) -> ImportReport:
    """Import rows with ``email``, ``lists`` (slugs, space separated) and
    ``confirmed_at`` (ISO 8601, required: no date, no proof of consent)."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "email" not in reader.fieldnames:
        report.skipped.append("the file has no 'email' column")
        return report
    newsletters = {n.slug: n for n in NewsletterList.objects.all()}
    with transaction.atomic():
        for number, row in enumerate(reader, start=2):
            if number > MAX_ROWS:
                report.skipped.append(f"stopped after {MAX_ROWS:,} rows")
                break
            email = (row.get("email") or "").lstrip("'")
            problem = find_address_problem(email)
            when = parse_datetime((row.get("confirmed_at") or "").strip())
            slugs = [s for s in (row.get("lists") or "").split() if s in newsletters]
            if problem:
                report.skipped.append(f"line {number}: {problem}")
                continue
            if when is None:
                report.skipped.append(f"line {number}: no confirmed_at date")
                continue
            if not slugs:
                report.skipped.append(f"line {number}: no known list")
                continue
            if is_suppressed_in_file(email, "*"):
                report.skipped.append(f"line {number}: the address unsubscribed")
                continue
            if timezone.is_naive(when):
                when = timezone.make_aware(when, datetime.UTC)
            subscriber, _ = Subscriber.objects.get_or_create(
                email_key=email_key(email),
                defaults={"email": normalise_email(email)},
            )
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                report.skipped.append(f"line {number}: the address unsubscribed")
                continue
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = subscriber.confirmed_at or when
            subscriber.save(update_fields=["status", "confirmed_at"])
            chosen = [
                newsletters[s]
                for s in slugs
                if not is_suppressed_in_file(email, newsletters[s].slug)
            ]
            for newsletter in chosen:
                Subscription.objects.get_or_create(
                    subscriber=subscriber, newsletter=newsletter
                )
            ConsentRecord.objects.create(
                subscriber=subscriber,
                action=ConsentRecord.Action.IMPORTED,
                method=ConsentRecord.Method.IMPORT,
                lists=",".join(n.slug for n in chosen),
                consent_text=(row.get("consent_text") or "")[:2000],
                source=source[:500],
                at=when,
            )
            report.imported += 1
    return report
