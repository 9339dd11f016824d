"""The oldest release of each security-critical dependency we accept, and why.

``masthead check`` (a deploy check registered here) fails when an installed
version is older than its floor: a site rebuilt from an old lock file, or a
distribution package shadowing ours, would otherwise run with a known hole. Raise
a floor when an advisory lands that matters to Masthead; the reason names it.
Owned by h-proofs (issue 17); tested in tests/security/test_static_checks.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from django.core.checks import Error, register


@dataclass(frozen=True)
class Floor:
    package: str  # the distribution name, as pip knows it
    minimum: str
    advisory: str


MINIMUM_SAFE_VERSIONS = (
    Floor(
        "Django",
        "5.2.9",
        "CVE-2025-13372 (SQL injection through FilteredRelation column aliases on "
        "PostgreSQL) and CVE-2025-64460 (XML serializer denial of service), fixed "
        "in 5.2.9; CVE-2025-64459 (Q/filter _connector SQL injection) in 5.2.8",
    ),
    Floor(
        "wagtail",
        "8.0",
        "admin API 'copy for translation' showed pages the user may not edit "
        "(fixed 7.0.9/7.3.4/7.4.3/8.0rc2); GHSA-67rv-mg8q-5pf3 (copy), "
        "GHSA-c4mr-889m-vgf6 (page history), GHSA-c6wj-9vcj-75pj (compare "
        "revisions), GHSA-p5gm-92h4-6pv6 (documents/images API), fixed in 7.3.2",
    ),
    Floor(
        "django-allauth",
        "65.14.2",
        "65.14.2: X-Forwarded-For no longer trusted by default, so rate limits "
        "can't be dodged by a forged header; 65.14.1: SAML RelayState open "
        "redirect; 65.13.0: CVE-2025-65430/65431; 65.3.0: login timing enumeration",
    ),
    Floor(
        "pillow",
        "11.3.0",
        "CVE-2025-48379: heap buffer overflow writing DDS (fixed in 11.3.0); "
        "uploads are decoded by Pillow, so older releases' decoder CVEs matter too",
    ),
    Floor(
        "nh3",
        "0.3.0",
        "no advisory published against nh3 itself; the floor is the 0.3 series "
        "the HTML block and live blog sanitising were proven against "
        "(tests/security/test_fuzzing.py)",
    ),
)


def version_tuple(text: str) -> tuple[int, ...]:
    """ "5.2.19" → (5, 2, 19, 0); a pre-release ("8.0rc2") sorts below its release."""
    parts: list[int] = []
    for piece in text.split("."):
        digits = ""
        for char in piece:
            if not char.isdigit():
                break
            digits += char
        parts.append(int(digits or 0))
        if digits != piece:
            parts[-1] -= 1  # 8.0rc2 < 8.0
            break
    return tuple(parts + [0] * (4 - len(parts)))


def find_outdated() -> list[tuple[Floor, str]]:
    """``(floor, installed)`` for every package installed below its floor (a
    package that is not installed at all is reported with installed ``""``)."""
    outdated = []
    for floor in MINIMUM_SAFE_VERSIONS:
        try:
            installed = version(floor.package)
        except PackageNotFoundError:
            outdated.append((floor, ""))
            continue
        if version_tuple(installed) < version_tuple(floor.minimum):
            outdated.append((floor, installed))
    return outdated


@register("masthead_versions", deploy=True)
def check_minimum_safe_versions(app_configs=None, **kwargs):
    return [
        Error(
            f"{floor.package} {installed or '(not installed)'} is below the "
            f"minimum safe version {floor.minimum}: {floor.advisory}.",
            hint=f"Install {floor.package}>={floor.minimum} (pyproject.toml pins it).",
            id="masthead.E017",
        )
        for floor, installed in find_outdated()
    ]
