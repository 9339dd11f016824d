"""The OpenAPI 3.1 description of the API, written by hand next to the views.

Served at ``/api/v1/openapi.json``; ``tests/test_openapi.py`` walks the URL
resolver and fails when a route is missing here (or described but not served).
Pure: plain values in, a dict out.
"""

from __future__ import annotations

OPENAPI_VERSION = "3.1.0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
DATE_TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}


def _object(properties: dict, *, required: bool = True) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = sorted(properties)
    return schema


SCHEMAS = {
    "Error": _object(
        {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": STRING,
                    "message": STRING,
                    "allowed": {"type": "array", "items": STRING},
                    "max_limit": {"type": "integer"},
                    "limit_per_minute": {"type": "integer"},
                    "retry_after": {"type": "integer"},
                },
            }
        }
    ),
    "Rendition": _object(
        {
            "url": URL,
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "format": {"type": "string", "enum": ["webp", "jpeg"]},
        }
    ),
    "Figure": _object(
        {
            "image_id": {"type": "integer"},
            "alt": {
                "type": "string",
                "description": "Text for readers who cannot see it.",
            },
            "caption": STRING,
            "credit": {"type": "string", "description": "Print it with the photo."},
            "copyright_notice": STRING,
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "renditions": {"type": "array", "items": _ref("Rendition")},
        }
    ),
    "Person": _object(
        {
            "id": {"type": "integer"},
            "name": STRING,
            "slug": STRING,
            "role": STRING,
            "url": URL,
            "api_url": URL,
        }
    ),
    "Author": {
        "allOf": [
            _ref("Person"),
            _object(
                {
                    "bio": STRING,
                    "links": {
                        "type": "array",
                        "items": _object({"label": STRING, "url": URL}),
                    },
                    "stories_url": URL,
                }
            ),
        ]
    },
    "Section": _object(
        {
            "id": {"type": "integer"},
            "title": STRING,
            "slug": STRING,
            "url": URL,
            "stories_url": URL,
        }
    ),
    "Tag": _object({"name": STRING, "slug": STRING}),
    "Correction": _object(
        {
            "kind": {"type": "string", "enum": ["correction", "update"]},
            "noted_at": DATE_TIME,
            "text": STRING,
        }
    ),
    "Source": _object(
        {"name": STRING, "url": STRING, "published_at": _nullable(DATE_TIME)}
    ),
    "StorySummary": _object(
        {
            "id": {"type": "integer"},
            "type": {"type": "string", "description": "article, liveblog, …"},
            "title": STRING,
            "slug": STRING,
            "language": {"type": "string", "description": "e.g. en-gb, ar"},
            "standfirst": STRING,
            "url": URL,
            "api_url": URL,
            "first_published_at": DATE_TIME,
            "last_published_at": _nullable(DATE_TIME),
            "updated_at": _nullable(DATE_TIME),
            "section": _nullable(_ref("Section")),
            "authors": {"type": "array", "items": _ref("Person")},
            "tags": {"type": "array", "items": _ref("Tag")},
            "lead_figure": _nullable(_ref("Figure")),
            "corrections": {
                "type": "array",
                "items": _ref("Correction"),
                "description": "Newest first.",
            },
            "source": _nullable(_ref("Source")),
        }
    ),
    "Block": {
        "type": "object",
        "required": ["type", "id", "value"],
        "description": (
            "One body block. value by type: paragraph {html}; heading {text}; "
            "figure Figure; quote {text, speaker, role}; post {text, author, "
            "handle, platform, posted, url}; pull_quote {text, attribution}; "
            "table {caption, columns, rows, first_column_is_header, source}; "
            "embed {url, title, caption, provider}; media {url, kind, mime_type, "
            "title, caption, credit, transcript}; html {html}."
        ),
        "properties": {
            "type": {
                "type": "string",
                "enum": [
                    "paragraph",
                    "heading",
                    "figure",
                    "quote",
                    "post",
                    "pull_quote",
                    "table",
                    "embed",
                    "media",
                    "html",
                ],
            },
            "id": _nullable(STRING),
            "value": {},
        },
    },
    "Story": {
        "allOf": [
            _ref("StorySummary"),
            _object({"body": {"type": "array", "items": _ref("Block")}}),
        ]
    },
    "StoryPage": _object(
        {
            "meta": _object(
                {
                    "count": {"type": "integer"},
                    "next": _nullable(
                        {
                            "type": "string",
                            "format": "uri",
                            "description": "The next (older) page; null at the end.",
                        }
                    ),
                }
            ),
            "items": {"type": "array", "items": _ref("StorySummary")},
        }
    ),
    "SectionList": _object(
        {
            "meta": _object({"count": {"type": "integer"}, "next": {"type": "null"}}),
            "items": {"type": "array", "items": _ref("Section")},
        }
    ),
    "Index": _object(
        {
            "version": STRING,
            "openapi": URL,
            "stories": URL,
            "sections": URL,
            "authors": STRING,
        }
    ),
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _ok(schema: str, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "X-RateLimit-Limit": {"$ref": "#/components/headers/RateLimitLimit"},
            "X-RateLimit-Remaining": {
                "$ref": "#/components/headers/RateLimitRemaining"
            },
            "ETag": {"schema": STRING},
        },
        "content": {"application/json": {"schema": _ref(schema)}},
    }


COMMON_ERRORS = {
    "304": {"description": "Not modified (If-None-Match matched the ETag)."},
    "400": _error("A query parameter is unknown, repeated or invalid."),
    "401": _error("The API key is unknown or revoked, or a key is required."),
    "429": {
        **_error("Too many requests this minute."),
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def _get(operation_id: str, summary: str, ok: dict, *, parameters=(), not_found=False):
    responses = {"200": ok, **COMMON_ERRORS}
    if not_found:
        responses["404"] = _error("Not found, or not published.")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": list(parameters),
            "responses": responses,
        }
    }


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def build_document(*, server_url: str, max_limit: int, default_limit: int) -> dict:
    story_parameters = [
        _query("section", "A section's slug.", STRING),
        _query("tag", "A tag's slug.", STRING),
        _query("author", "An author's slug.", STRING),
        _query(
            "language",
            "A content language's code (e.g. ar): that language's stories. "
            "Without it, the default language's.",
            STRING,
        ),
        _query(
            "published_after",
            "First published at or after this ISO 8601 date or date-time (UTC "
            "when no offset is given).",
            STRING,
        ),
        _query(
            "published_before",
            "First published before this ISO 8601 date or date-time.",
            STRING,
        ),
        _query(
            "limit",
            f"Stories per page, 1 to {max_limit} (more is a 400).",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": max_limit,
                "default": default_limit,
            },
        ),
        _query(
            "cursor",
            "Opaque: copy it from meta.next. There are no offsets; a cursor "
            "made for other filters is a 400.",
            STRING,
        ),
    ]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Masthead content API",
            "version": "1",
            "description": (
                "Read-only access to published stories (live, public, not "
                "behind a view restriction), newest first by "
                "first_published_at then id. Send a partner key as "
                "'Authorization: Bearer <key>' (or X-Api-Key); without one, "
                "requests share a smaller per-address limit. Unknown query "
                "parameters are refused with the allowed ones listed."
            ),
        },
        "servers": [{"url": server_url}],
        "security": [{}, {"bearer": []}, {"apiKeyHeader": []}],
        "paths": {
            "/": _get("getIndex", "Links to the API's routes.", _ok("Index", "Links")),
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {}}},
                        }
                    },
                }
            },
            "/stories/": _get(
                "listStories",
                "Published stories, newest first, one page at a time.",
                _ok("StoryPage", "A page of stories"),
                parameters=story_parameters,
                not_found=True,
            ),
            "/stories/{story_id}/": {
                "parameters": [
                    {
                        "name": "story_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                **_get(
                    "getStory",
                    "One published story with its body as structured blocks.",
                    _ok("Story", "The story"),
                    not_found=True,
                ),
            },
            "/sections/": _get(
                "listSections",
                "The site's sections.",
                _ok("SectionList", "Sections"),
            ),
            "/authors/{slug}/": {
                "parameters": [
                    {
                        "name": "slug",
                        "in": "path",
                        "required": True,
                        "schema": STRING,
                    }
                ],
                **_get(
                    "getAuthor",
                    "An author and the link to their stories.",
                    _ok("Author", "The author"),
                    not_found=True,
                ),
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "headers": {
                "RateLimitLimit": {
                    "description": "Requests allowed per minute.",
                    "schema": {"type": "integer"},
                },
                "RateLimitRemaining": {
                    "description": "Requests left this minute.",
                    "schema": {"type": "integer"},
                },
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            },
        },
    }
