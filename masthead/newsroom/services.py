"""Newsroom roles, the review workflow and scheduled publishing."""

from __future__ import annotations

import logging
from io import StringIO

from django.apps import apps as live_apps
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from . import roles

logger = logging.getLogger("masthead.newsroom")


def ensure_newsroom(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create or repair the roles and the review workflow (idempotent).

    Called after every migrate and by the demo; does nothing on a database whose
    Wagtail tables are not there yet.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    tables = connections[using].introspection.table_names()
    if "wagtailcore_page" not in tables or "auth_group" not in tables:
        return
    ensure_roles()
    ensure_review_workflow()


def ensure_roles() -> None:
    roles.apply_roles(live_apps)


def ensure_review_workflow() -> None:
    roles.apply_review_workflow(live_apps)


def publish_scheduled_content() -> str:
    """Publish revisions whose go-live time has come; unpublish expired pages.

    Runs Wagtail's own ``publish_scheduled`` command, so its log entries and the
    ``page_published`` / ``page_unpublished`` signals (which purge the page cache)
    are exactly those of a manual publish. Idempotent: a repeated run finds nothing.
    """
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
