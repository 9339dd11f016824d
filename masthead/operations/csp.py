"""Content-Security-Policy on every response, and the endpoint that hears violations.

Two policies, chosen by path alone:

- **Readers** (everything but the admin): nothing inline, nothing from elsewhere but
  the media origin (S3) for pictures and the embed providers' players in frames.
- **The Wagtail admin** (``MASTHEAD_ADMIN_PREFIX``): the same, except that styles
  may be inline (the admin writes ``style`` attributes and ``<style>`` elements).
  Its scripts are files of its own; none is inline, so none is allowed.

Why a middleware of our own rather than django-csp: the policy is a function of
the path and the settings only (never of the request: no nonces, as no script is
inline), so the page cache's ASGI fast path, which answers hits without Django,
can add the same header from the same function (``pagecache.serve``); django-csp
builds its header per Django response and per-path policies need its decorators
on views we do not own (Wagtail's).

The middleware sits outside the page cache and every other middleware but the
request id, so Django-side hits, 503s, redirects, errors, feeds and JSON all
carry it; a response that sets its own policy keeps it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("masthead.csp")

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
REPORT_GROUP = "csp"

# The embed providers' players (articles/blocks/providers.py builds every src from
# these hosts). Mastodon posts come from any instance: the instances a newsroom
# embeds are listed in MASTHEAD_CSP_FRAME_HOSTS.
EMBED_FRAME_SOURCES = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://platform.twitter.com",
    "https://www.instagram.com",
    "https://embed.bsky.app",
    "https://www.openstreetmap.org",
)

JCROP_PROBE_HASH = (
    "'sha256-" + base64.b64encode(hashlib.sha256(b"return;").digest()).decode() + "'"
)

# A report is a few hundred bytes; anything much larger is not a browser's.
MAX_REPORT_BYTES = 16 * 1024
REPORTS_PER_MINUTE_PER_IP = 30
REPORT_CONTENT_TYPES = (
    "application/csp-report",
    "application/reports+json",
    "application/json",
)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""  # relative: the site's own origin, covered by 'self'
    return f"{parts.scheme}://{parts.netloc}"


def media_origins() -> tuple[str, ...]:
    """Where pictures and documents are fetched from when media is not 'self':
    the public renditions' origin (the bucket or its CDN) and, for the admin's
    signed links to originals, the bucket's own origin. URLs are built by the
    storage itself (no network), so the origins are exactly the ones it uses."""
    if not getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""):
        origin = origin_of(settings.MEDIA_URL)
        return (origin,) if origin else ()
    from django.core.files.storage import default_storage

    origins = []
    for probe in ("images/csp-probe.jpg", "original_images/csp-probe.jpg"):
        origin = origin_of(default_storage.url(probe))
        if origin and origin not in origins:
            origins.append(origin)
    return tuple(origins)


def build_policy(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(
        " ".join((name, *sources)) if sources else name
        for name, sources in directives.items()
    )


def reader_directives() -> dict[str, tuple[str, ...]]:
    media = media_origins()
    frame_hosts = tuple(
        host if "://" in host else f"https://{host}"
        for host in settings.MASTHEAD_CSP_FRAME_HOSTS
    )
    return {
        "default-src": ("'self'",),
        "script-src": ("'self'",),
        "style-src": ("'self'",),
        "img-src": ("'self'", "data:", *media),
        "media-src": ("'self'", *media),
        "font-src": ("'self'",),
        # 'self' covers the chat's same-origin WebSocket (CSP level 3).
        "connect-src": ("'self'",),
        "frame-src": ("'self'", *EMBED_FRAME_SOURCES, *frame_hosts),
        "object-src": ("'none'",),
        "base-uri": ("'self'",),
        "form-action": ("'self'",),
        # Wagtail's preview shows pages in a same-origin frame of the admin.
        "frame-ancestors": ("'self'",),
        "report-uri": (settings.MASTHEAD_CSP_REPORT_URL,),
        "report-to": (REPORT_GROUP,),
    }


def admin_directives() -> dict[str, tuple[str, ...]]:
    directives = reader_directives()
    # Wagtail's admin sets style attributes and writes <style> (its icons, the
    # rich text editor, tooltips): styles only, never scripts.
    directives["style-src"] = ("'self'", "'unsafe-inline'")
    # The image editor's focal-point tool and previews use blob: URLs.
    directives["img-src"] = (*directives["img-src"], "blob:")
    # The focal-point tool (jquery.Jcrop) probes touch support by writing the
    # handler attribute ontouchstart="return;". That exact, inert text and no other.
    directives["script-src-attr"] = ("'unsafe-hashes'", JCROP_PROBE_HASH)
    return directives


@lru_cache(maxsize=4)
def policy_for(area: str) -> str:
    directives = admin_directives() if area == "admin" else reader_directives()
    return build_policy(directives)


def area_of(path: str) -> str:
    return "admin" if path.startswith(settings.MASTHEAD_ADMIN_PREFIX) else "reader"


def header_name() -> str:
    return REPORT_ONLY_HEADER if settings.MASTHEAD_CSP_REPORT_ONLY else HEADER


def reporting_endpoints() -> str:
    return f'{REPORT_GROUP}="{settings.MASTHEAD_CSP_REPORT_URL}"'


def reader_headers() -> tuple[tuple[str, str], ...]:
    """The reader policy's headers, for the page cache's ASGI hits."""
    return (
        (header_name().lower(), policy_for("reader")),
        ("reporting-endpoints", reporting_endpoints()),
    )


_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def policy_allowing_inline_styles(html: str) -> str:
    """The reader policy plus the hashes of ``html``'s own ``<style>`` elements:
    for a page that must stand alone (the 503 page reads no static manifest)."""
    hashes = tuple(
        "'sha256-"
        + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        + "'"
        for css in _STYLE_ELEMENT.findall(html)
    )
    directives = reader_directives()
    directives["style-src"] = (*directives["style-src"], *hashes)
    return build_policy(directives)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[header_name()] = policy_for(area_of(request.path))
        response.setdefault("Reporting-Endpoints", reporting_endpoints())
        return response


def _forget_policies(**kwargs) -> None:
    policy_for.cache_clear()


setting_changed.connect(_forget_policies)


# The report endpoint ---------------------------------------------------------------


def summarise_report(payload) -> list[dict[str, str]]:
    """The fields worth a log line from either report format, cut short: the old
    ``{"csp-report": {...}}`` and the Reporting API's list of ``{"type":
    "csp-violation", "body": {...}}``."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        bodies = [payload["csp-report"]]
    elif isinstance(payload, list):
        bodies = [
            item.get("body")
            for item in payload[:10]
            if isinstance(item, dict) and item.get("type") == "csp-violation"
        ]
    else:
        return []
    fields = {
        "document": ("document-uri", "documentURL"),
        "directive": (
            "effective-directive",
            "effectiveDirective",
            "violated-directive",
        ),
        "blocked": ("blocked-uri", "blockedURL"),
        "source": ("source-file", "sourceFile"),
        "line": ("line-number", "lineNumber"),
        "sample": ("script-sample", "sample"),
    }
    summaries = []
    for body in bodies:
        if not isinstance(body, dict):
            continue
        summary = {}
        for name, keys in fields.items():
            value = next((body[key] for key in keys if key in body), "")
            # Control characters out: a report is attacker-written text.
            text = re.sub(r"[\x00-\x1f\x7f]", " ", str(value))[:200]
            if text:
                summary[name] = text
        summaries.append(summary)
    return summaries


def _is_over_limit(ip: str) -> bool:
    key = f"csp-reports:{ip}"
    cache.add(key, 0, timeout=61)
    try:
        return cache.incr(key) > REPORTS_PER_MINUTE_PER_IP
    except ValueError:  # expired between add and incr
        return False


@csrf_exempt
@require_POST
def report_view(request):
    """Logs violation reports: one warning line each. Answers 204 (or 413 / 415 /
    429 / 400 for what it will not read), never 500: a report endpoint is open to
    anyone, so a malformed or hostile body costs one small read at most."""
    try:
        return _read_report(request)
    except Exception:
        logger.exception("CSP report could not be read")
        return HttpResponse(status=400)


def _read_report(request) -> HttpResponse:
    content_type = request.content_type or ""
    if content_type not in REPORT_CONTENT_TYPES:
        return HttpResponse(status=415)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse(status=400)
    if length > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    if _is_over_limit(request.META.get("REMOTE_ADDR", "") or "unknown"):
        return HttpResponse(status=429)
    # Read from the stream, never request.body: the declared length is not trusted.
    raw = request.read(MAX_REPORT_BYTES + 1)
    if len(raw) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    for summary in summarise_report(payload):
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            summary.get("directive", "?"),
            summary.get("blocked", "?"),
            summary.get("document", "?"),
            extra={"csp": summary},
        )
    return HttpResponse(status=204)
