"""Issue 18: the preview says exactly what will be created and what will fail; a
long import prints progress (none with --json) and a summary."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from masthead.articles.models import ArticlePage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def rss(items: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>https://wire.example/{n}</link>"
        f"<guid>wire-{n}</guid><description><![CDATA[{html}]]></description></item>"
        for n, (title, html) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"{body}</channel></rss>"
    )


MIXED = rss(
    [
        ("Bridge reopens", "<p>The bridge reopened on Monday after repairs.</p>"),
        ("Photo only", '<p><img src="https://wire.example/a.jpg"></p>'),
        ("School wins prize", "<p>The school won the regional science prize.</p>"),
    ]
)


def token_of(html: str) -> str:
    return html.split('name="token" value="')[1].split('"')[0]


def test_the_preview_counts_what_will_be_created_and_what_will_fail(client, section):
    ensure_newsroom()
    client.force_login(make_staff(roles.EDITOR, "eddie"))
    response = client.post(
        "/admin/import/", {"text": MIXED, "section": section.pk, "action": "preview"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 new drafts" in html
    assert "1 will fail" in html
    assert "Create 2 drafts</button>" in html
    assert html.count('data-action="create"') == 2
    assert html.count('data-action="fail"') == 1
    assert "the document has no paragraphs" in html
    assert "no byline in the source" in html

    client.post(
        "/admin/import/",
        {"action": "create", "token": token_of(html), "section": section.pk},
    )
    assert ArticlePage.objects.count() == 2

    again = client.post(
        "/admin/import/", {"text": MIXED, "section": section.pk, "action": "preview"}
    ).content.decode()
    assert "2 unchanged (skipped)" in again
    assert "Nothing will be imported" in again
    assert "<button" not in again.split("ingest-preview")[1].split("ingest-item")[0]


def test_a_long_import_prints_progress_lines_and_a_summary(section, tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(
        rss([(f"Story {n}", f"<p>Paragraph of story {n}.</p>") for n in range(45)]),
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    call_command(
        "import_articles",
        str(path),
        "--no-images",
        "--progress-every",
        "20",
        stdout=out,
        stderr=err,
    )
    lines = err.getvalue().splitlines()
    assert [line.split(" ")[0] for line in lines] == ["20/45", "40/45", "45/45"]
    assert "created 20, updated 0, skipped 0, failed 0" in lines[0]
    assert "45 items: created 45, updated 0, skipped 0, failed 0" in out.getvalue()

    quiet_out, quiet_err = StringIO(), StringIO()
    call_command(
        "import_articles",
        str(path),
        "--no-images",
        "--json",
        stdout=quiet_out,
        stderr=quiet_err,
    )
    assert quiet_err.getvalue() == ""
    assert len(json.loads(quiet_out.getvalue())["skipped"]) == 45
