"""The content API, version 1: read-only JSON about published stories.

Each view checks its query (``params``), then builds its answer through the cache
(``caching``). ``api_view`` wraps them all: only GET and HEAD, the API key or the
anonymous allowance counted on every request (hits included), and every refusal
answered as JSON ``{"error": {"code", "message", …}}``.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.http import HttpResponse

from masthead.core import sitecache

from . import limits, openapi, params, querysets, serializers
from .caching import CONTENT_TYPE, cached_json, json_bytes
from .params import ApiError
from .services import find_api_key

logger = logging.getLogger("masthead.api")

VERSION_PREFIX = "v1/"


def error_response(error: ApiError) -> HttpResponse:
    response = HttpResponse(
        json_bytes(error.as_json()), status=error.status, content_type=CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


def presented_key(request) -> str | None:
    """The key sent as ``Authorization: Bearer <key>`` or ``X-Api-Key``; None
    when there is none. Any other Authorization scheme is refused."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(
                401,
                "invalid_key",
                "Send the key as 'Authorization: Bearer <key>'.",
            )
        return value.strip()
    value = request.META.get("HTTP_X_API_KEY", "").strip()
    return value or None


def client_allowance(request) -> tuple[limits.Allowance, bool]:
    """Count this request against its key or its address: (allowance, keyed).
    Raises 401 for an unknown or revoked key, or when keys are required."""
    raw_key = presented_key(request)
    if raw_key is not None:
        key = find_api_key(raw_key)
        if key is None:
            raise ApiError(401, "invalid_key", "This API key is not known.")
        if key.revoked:
            raise ApiError(401, "revoked_key", "This API key has been revoked.")
        return limits.count_request(
            f"key:{key.pk}", limit=key.rate_limit_per_minute
        ), True
    anonymous_limit = settings.MASTHEAD_API_ANONYMOUS_RATE_LIMIT
    if anonymous_limit <= 0:
        raise ApiError(401, "key_required", "An API key is required.")
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return limits.count_request(f"ip:{address}", limit=anonymous_limit), False


def api_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        allowance = None
        keyed = False
        try:
            if request.method not in ("GET", "HEAD"):
                raise ApiError(
                    405, "method_not_allowed", "The API is read-only: use GET."
                )
            allowance, keyed = client_allowance(request)
            if allowance.is_exceeded:
                raise ApiError(
                    429,
                    "rate_limited",
                    f"More than {allowance.limit} requests this minute; "
                    f"try again in {allowance.retry_after} s.",
                    limit_per_minute=allowance.limit,
                    retry_after=allowance.retry_after,
                )
            response = view(request, *args, **kwargs)
        except ApiError as error:
            response = error_response(error)
            if error.status == 401:
                response["WWW-Authenticate"] = 'Bearer realm="api"'
            elif error.status == 405:
                response["Allow"] = "GET, HEAD"
        if allowance is not None:
            response["X-RateLimit-Limit"] = str(allowance.limit)
            response["X-RateLimit-Remaining"] = str(max(allowance.remaining, 0))
            if allowance.is_exceeded:
                response["Retry-After"] = str(allowance.retry_after)
        if response.status_code < 400:
            # Every request must reach the server to be counted: shared caches
            # revalidate (the ETag makes that a 304), a keyed answer is private.
            response["Cache-Control"] = "private, no-cache" if keyed else "no-cache"
        response["Vary"] = "Accept-Encoding, Authorization, X-Api-Key"
        return response

    # Not CSRF-exempt: an unsafe method is refused by Django's CSRF check (403)
    # before it gets here, as on every other route (tests/security/test_csrf.py).
    return wrapper


def _site(request):
    site = getattr(request, "_wagtail_site", None) or sitecache.site_for_request(
        request
    )
    if site is None:
        raise ApiError(404, "not_found", "No site is served at this address.")
    return site


def _roots(site) -> tuple[str, str]:
    root_url = site.root_url.rstrip("/")
    return root_url, f"{root_url}/api/{VERSION_PREFIX}"


def _no_params(request) -> str:
    params.single_values(request.GET, ())
    return ""


@api_view
def index(request):
    _no_params(request)
    site = _site(request)
    _root, api_root = _roots(site)
    return cached_json(
        request,
        query="",
        build=lambda: {
            "version": "1",
            "openapi": f"{api_root}openapi.json",
            "stories": f"{api_root}stories/",
            "sections": f"{api_root}sections/",
            "authors": f"{api_root}authors/{{slug}}/",
        },
    )


@api_view
def story_list(request):
    query = params.parse_story_query(
        request.GET,
        default_limit=settings.MASTHEAD_API_DEFAULT_PAGE_SIZE,
        max_limit=settings.MASTHEAD_API_MAX_PAGE_SIZE,
        languages=tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES),
    )
    site = _site(request)
    root_url, api_root = _roots(site)

    def build():
        in_language = site
        if query.language:
            in_language = querysets.site_in_language(site, query.language)
        stories, has_more = querysets.list_stories(in_language, query)
        sections = querysets.sections_of(stories)
        items = [
            serializers.story_json(
                story,
                section=sections.get(story.path[: -story.steplen]),
                root_url=root_url,
                api_root=api_root,
            )
            for story in stories
        ]
        next_url = None
        if has_more:
            last = stories[-1]
            cursor = params.make_cursor(
                last.first_published_at, last.pk, query.filters_fingerprint()
            )
            next_url = f"{api_root}stories/?{params.query_string(query, cursor)}"
        return {"meta": {"count": len(items), "next": next_url}, "items": items}

    return cached_json(request, query=query.canonical, build=build)


@api_view
def story_detail(request, story_id: int):
    _no_params(request)
    site = _site(request)
    root_url, api_root = _roots(site)

    def build():
        story = querysets.find_story(site, story_id)
        section = querysets.sections_of([story]).get(story.path[: -story.steplen])
        return serializers.story_detail_json(
            story, section=section, root_url=root_url, api_root=api_root
        )

    return cached_json(request, query="", build=build, served=(story_id,))


@api_view
def section_list(request):
    _no_params(request)
    site = _site(request)
    root_url, api_root = _roots(site)

    def build():
        items = [
            serializers.section_json(section, root_url, api_root=api_root)
            for section in querysets.list_sections(site)
        ]
        return {"meta": {"count": len(items), "next": None}, "items": items}

    return cached_json(request, query="", build=build)


@api_view
def author_detail(request, slug: str):
    _no_params(request)
    site = _site(request)
    root_url, api_root = _roots(site)

    def build():
        person = querysets.find_author(slug)
        data = serializers.person_json(person, root_url, api_root=api_root)
        data["bio"] = person.bio
        data["links"] = [
            {"label": label, "url": url} for label, url in person.social_links
        ]
        data["stories_url"] = f"{api_root}stories/?author={person.slug}"
        return data

    return cached_json(request, query="", build=build)


@api_view
def openapi_document(request):
    _no_params(request)
    site = _site(request)
    _root, api_root = _roots(site)
    return cached_json(
        request,
        query="",
        build=lambda: openapi.build_document(
            server_url=api_root.rstrip("/"),
            max_limit=settings.MASTHEAD_API_MAX_PAGE_SIZE,
            default_limit=settings.MASTHEAD_API_DEFAULT_PAGE_SIZE,
        ),
    )


@api_view
def not_found(request, *args, **kwargs):
    raise ApiError(
        404,
        "not_found",
        "No such API route. The routes are listed in /api/v1/openapi.json.",
    )
