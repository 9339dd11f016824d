"""Bounces and complaints reported by the mail provider suppress the address.

Accepted bodies (JSON):

* Masthead's own: ``{"address": "a@b.org", "type": "bounce" | "complaint"}``
  (``bounce`` means a hard, permanent bounce; send soft ones as nothing at all).
* Amazon SES through SNS: the SNS envelope ``{"Type": "Notification",
  "Message": "<json>"}`` or the bare SES message. ``notificationType: Bounce``
  with ``bounce.bounceType: Permanent`` suppresses each
  ``bounce.bouncedRecipients[].emailAddress``; ``Transient`` bounces are ignored;
  ``notificationType: Complaint`` suppresses each
  ``complaint.complainedRecipients[].emailAddress``.
"""

from __future__ import annotations

import json

from .suppression import suppress_address

REASONS = {"bounce": "bounced", "complaint": "complained"}


class UnreadableReport(ValueError):
    pass


def read_report(body: bytes) -> list[tuple[str, str]]:
    """``(address, reason)`` pairs to suppress; raises ``UnreadableReport``."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableReport("the body is not JSON") from exc
    if not isinstance(data, dict):
        raise UnreadableReport("expected a JSON object")
    if data.get("Type") == "Notification" and isinstance(data.get("Message"), str):
        return read_report(data["Message"].encode())
    if "address" in data:
        kind = data.get("type")
        if kind not in REASONS or not isinstance(data["address"], str):
            raise UnreadableReport("type must be 'bounce' or 'complaint'")
        return [(data["address"], REASONS[kind])]
    kind = data.get("notificationType") or data.get("eventType")
    if kind == "Bounce":
        bounce = data.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return []
        return [
            (r.get("emailAddress", ""), "bounced")
            for r in bounce.get("bouncedRecipients") or []
            if isinstance(r, dict)
        ]
    if kind == "Complaint":
        complaint = data.get("complaint") or {}
        return [
            (r.get("emailAddress", ""), "complained")
            for r in complaint.get("complainedRecipients") or []
            if isinstance(r, dict)
        ]
    raise UnreadableReport("unknown report format")


def apply_report(body: bytes) -> int:
    """Suppress every address in the report (from every list); returns how many."""
    from .signup import unsubscribe

    pairs = [
        (a.strip(), r) for a, r in read_report(body) if isinstance(a, str) and "@" in a
    ]
    for address, reason in pairs[:1000]:
        suppress_address(email=address, reason=reason)
        unsubscribe(email=address, method="webhook")
    return len(pairs[:1000])
