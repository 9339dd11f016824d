"""Every route the site answers, found by walking Django's URL resolver.

The security proofs (CSRF, "no GET changes state", the admin permissions matrix)
run over this list rather than a hand-written one, so a view added tomorrow (by
any app, by Wagtail or by allauth) is covered the day it appears. ``sample_url``
fills each route's arguments with ids of the objects the ``world`` fixture makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatch

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    path: str  # the pattern as written, prefixes joined ("admin/pages/<int:page_id>/")
    name: str  # namespaced URL name, or the path when the pattern has no name
    pattern: URLPattern
    regex_parts: tuple  # (regex of each level, in order)

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def is_admin(self) -> bool:
        return self.path.startswith("admin/")


def _walk(patterns, prefix, namespace, regexes):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                inner,
                (*regexes, entry.pattern.regex),
            )
        elif isinstance(entry, URLPattern):
            path = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(
                path=path,
                name=name or path,
                pattern=entry,
                regex_parts=(*regexes, entry.pattern.regex),
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", None, ()))


def matches(name: str, globs) -> bool:
    return any(fnmatch(name, glob) for glob in globs)


# Parameter name → attribute of the ``world`` fixture that fills it. ``pk`` and a
# few generic names depend on the part of the admin the route is in (SAMPLE_PK).
SAMPLE_PARAMS = {
    "page_id": "story",
    "page_pk": "story",
    "page_to_move_id": "story",
    "parent_page_id": "section",
    "destination_id": "section",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "revision_id": "story_revision",
    "redirect_id": "redirect",
    "collection_id": "collection",
    "task_id": "task",
    "workflow_pk": "workflow",
    "site_pk": "site",
    "restriction_id": "one",
    "page_view_restriction_id": "one",
    "uploaded_file_id": "one",
    "task_state_id": "one",
    "workflow_state_id": "one",
    "session_id": "one",
}

# For ``pk``/``object_id``: the first glob matching the route's path wins.
SAMPLE_PK = [
    ("admin/api/main/^pages/*", "story"),
    ("admin/api/main/^images/*", "image"),
    ("admin/api/main/^documents/*", "document"),
    ("admin/pages/*", "story"),
    ("admin/images/*", "image"),
    ("admin/documents/*", "document"),
    ("admin/snippets/people/*", "person"),
    ("admin/snippets/choose/people/*", "person"),
    ("admin/snippets/ingest/*", "subscription"),
    ("admin/snippets/choose/ingest/*", "subscription"),
    ("admin/users/groups/*", "group"),
    ("admin/groups/*", "group"),
    ("admin/users/*", "other_user"),
    ("admin/sites/*", "site"),
    ("admin/collections/*", "collection"),
    ("admin/workflows/tasks/*", "task"),
    ("admin/workflows/*", "workflow"),
    ("admin/redirects/*", "redirect"),
    ("admin/settings/*", "site"),
    ("admin/contact/*", "message"),
    ("admin/import/*", "one"),
    ("*", "one"),
]

SAMPLE_TEXT = {
    ("admin/pages/add/*", "content_type_app_name"): "articles",
    ("admin/pages/add/*", "content_type_model_name"): "articlepage",
    ("admin/pages/usage/*", "content_type_app_name"): "articles",
    ("admin/pages/usage/*", "content_type_model_name"): "articlepage",
    ("admin/pages/create/*", "app_label"): "articles",
    ("admin/pages/create/*", "model_name"): "articlepage",
    ("admin/settings/*", "app_name"): "core",
    ("admin/settings/*", "model_name"): "newsroomsettings",
    ("admin/tag-autocomplete/*", "app_name"): "articles",
    ("admin/tag-autocomplete/*", "model_name"): "articlepagetag",
    ("admin/workflows/*", "app_label"): "wagtailcore",
    ("admin/workflows/*", "model_name"): "groupapprovaltask",
    ("admin/bulk/*", "app_label"): "wagtailcore",
    ("admin/bulk/*", "model_name"): "page",
    ("admin/bulk/*", "action"): "delete",
    ("admin/editing-sessions/*", "app_label"): "wagtailcore",
    ("admin/editing-sessions/*", "model_name"): "page",
    ("admin/pages/workflow/*", "action_name"): "approve",
    ("admin/api/*", "action_name"): "copy",
    ("admin/images/*", "filter_spec"): "fill-100x100",
    ("*", "slug"): "world",
    ("*", "token"): "not-a-token",
    ("*", "uidb64"): "MQ",
    ("*", "uidb36"): "1",
    ("*", "key"): "not-a-key",
    ("*media/*", "path"): "images/nothing-here.jpg",
    ("*", "revision_id_a"): "earliest",
    ("*", "revision_id_b"): "latest",
}

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def _sample_value(route: Route, param: str, world) -> str:
    for (glob, name), value in SAMPLE_TEXT.items():
        if name == param and fnmatch(route.path, glob):
            return value
    if param in ("pk", "object_id"):
        attribute = next(attr for glob, attr in SAMPLE_PK if fnmatch(route.path, glob))
    else:
        attribute = SAMPLE_PARAMS.get(param, "one")
    value = getattr(world, attribute)
    return str(getattr(value, "pk", value))


SHADOWED = "shadowed"


def sample_url(route: Route, world) -> str | None:
    """A concrete path for ``route`` (with a leading slash); ``SHADOWED`` when an
    earlier route answers that path (the earlier one is tested in its place), or
    None when the route can't be given sample arguments."""
    from django.urls import Resolver404, resolve

    path = re.sub(
        r"\(\?P<(\w+)>[^()]*(?:\([^()]*\)[^()]*)*\)",
        lambda m: _sample_value(route, m[1], world),
        route.path,
    )
    path = re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: _sample_value(route, m[1], world), path
    )
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    if any(c in path for c in "()[]*+?\\"):
        return None
    url = "/" + path
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return url if match.func is route.callback else SHADOWED
