"""Which addresses a signup accepts. Pure: plain strings in and out, no database.

A refused address gets a sentence the form shows; nothing is silently "fixed"
(a non-ASCII local part would need SMTPUTF8, which the newsroom's mail does not use,
so it is refused rather than mangled).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# Local parts that reach a role or a machine, not a reader who asked for news.
ROLE_LOCAL_PARTS = frozenset(
    {
        "abuse",
        "admin",
        "administrator",
        "hostmaster",
        "mailer-daemon",
        "no-reply",
        "noc",
        "noreply",
        "postmaster",
        "root",
        "security",
        "webmaster",
    }
)

# Misspelt domains of the big mailbox providers, and what was meant.
TYPO_DOMAINS = {
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gmaill.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.con": "gmail.com",
    "gnail.com": "gmail.com",
    "googlemail.co": "googlemail.com",
    "hotmial.com": "hotmail.com",
    "hotmal.com": "hotmail.com",
    "hotmail.co": "hotmail.com",
    "hotmail.con": "hotmail.com",
    "outlok.com": "outlook.com",
    "outlook.co": "outlook.com",
    "yaho.com": "yahoo.com",
    "yahooo.com": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "icloud.co": "icloud.com",
    "iclod.com": "icloud.com",
    "protonmail.co": "protonmail.com",
}

EMAIL_MAX = 254
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
# RFC 5322's dot-atom (no quoted local parts), a dotted domain in ASCII/IDNA.
_SHAPE = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+$",
    re.IGNORECASE,
)

DISPOSABLE_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "disposable_domains.txt"
)


@cache
def disposable_domains() -> frozenset[str]:
    lines = DISPOSABLE_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and line[0] != "#"
    )


def normalise_email(email: str) -> str:
    """The address as stored: trimmed, domain lowercased, local part untouched."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def email_key(email: str) -> str:
    """What two spellings of one address share (matching, suppression, deliveries)."""
    return normalise_email(email).lower()


def find_address_problem(email: str) -> str | None:
    """A sentence saying why ``email`` is refused for a newsletter, or None."""
    raw = email or ""
    if _CONTROL.search(raw):
        return "An email address cannot contain line breaks or control characters."
    value = raw.strip()
    if not value:
        return "Please enter your email address."
    if len(value) > EMAIL_MAX:
        return f"An email address can be at most {EMAIL_MAX} characters long."
    local, at, domain = value.rpartition("@")
    if not at or not local:
        return "Please enter a whole email address, like name@example.org."
    if not local.isascii():
        return (
            "We can only send to addresses whose part before the @ uses plain "
            "letters (A–Z), digits and . _ - +. Please use another address."
        )
    try:
        domain = domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return "The part after the @ is not a valid domain."
    if not _SHAPE.match(f"{local}@{domain}") or ".." in local or len(local) > 64:
        return "Please enter a whole email address, like name@example.org."
    if domain in TYPO_DOMAINS:
        return f"Did you mean {local}@{TYPO_DOMAINS[domain]}? Please check the address."
    if local.lower() in ROLE_LOCAL_PARTS:
        return (
            "Please use a personal address: newsletters are not sent to role "
            f"addresses such as {local.lower()}@."
        )
    if domain in disposable_domains() or any(
        domain.endswith("." + known) for known in disposable_domains()
    ):
        return "Please use an address you keep: throwaway mailboxes are not accepted."
    return None
