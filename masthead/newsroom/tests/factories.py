"""The admin form data to edit a story, for tests (staff: ``tests/factories.py``)."""

from __future__ import annotations

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)


def article_form_data(page, *, corrections=(), action=None, **fields) -> dict:
    """POST data for Wagtail's page editor: the page as it is, changed by ``fields``.

    ``corrections`` is a list of dicts (kind, noted_at, text); ``action`` a button
    name such as ``action-publish`` or ``action-submit``.
    """
    values = {
        "title": page.title,
        "slug": page.slug,
        "standfirst": page.standfirst,
        "authors": inline_formset([]),
        "body": streamfield([("paragraph", rich_text("<p>First paragraph.</p>"))]),
        "tags": "",
        "lead_image": "",
        "lead_caption": "",
        "lead_credit": "",
        "lead_alt": "",
        "corrections": inline_formset(list(corrections)),
        "source_name": "",
        "source_url": "",
        "source_published_at": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        **fields,
    }
    data = nested_form_data(values)
    if action:
        data[action] = action
    return data
