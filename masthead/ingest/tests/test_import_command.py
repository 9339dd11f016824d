"""`masthead import`: dry runs in a subprocess (no database), real runs in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masthead.articles.models import ArticlePage

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "demo" / "data" / "seed-page.txt"
WIDGETS = [
    "We're not around right now. But you can send us an email and we'll get back "
    "to you, asap.",
    "Log in with your credentials",
    "Forgot your details?",
]


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["MASTHEAD_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "masthead.cli", "import", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_dry_run_json_prints_the_parsed_form_of_the_reference_page(tmp_path):
    result = run_cli(str(SEED), "--dry-run", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed["headline"] == "Trump calls Putin and talks of ‘Russian Hoax’"
    assert len(parsed["paragraphs"]) == 16
    assert [f["credit"] for f in parsed["figures"]] == [
        "BRENDAN SMIALOWSKI/Getty",
        "ALEXEY NIKOLSKY/Getty",
    ]
    assert parsed["removed"] == WIDGETS
    assert set(parsed) == {
        "headline",
        "standfirst",
        "paragraphs",
        "figures",
        "quotes",
        "source",
        "published",
        "authors",
        "removed",
        "modified",
    }


def test_dry_run_reads_html_and_lists_feed_items(tmp_path):
    page = HERE / "corpus" / "h01-jsonld-newsarticle.html"
    result = run_cli(str(page), "--dry-run", "--json", data_dir=tmp_path)
    assert json.loads(result.stdout)["source"]["name"] == "The Coast Courier"
    feed = run_cli(
        str(HERE / "data" / "partner-feed-v1.rss"),
        "--dry-run",
        "--json",
        data_dir=tmp_path,
    )
    assert [item["source"]["id"] for item in json.loads(feed.stdout)] == [
        "coastwire-1001",
        "coastwire-1002",
    ]


def test_bad_sources_exit_with_one_clear_line(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    result = run_cli(str(binary), "--dry-run", data_dir=tmp_path)
    assert result.returncode != 0
    assert "binary file" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli(str(tmp_path / "nope.txt"), "--dry-run", data_dir=tmp_path)
    assert "no such file" in missing.stderr
    bomb = run_cli(
        str(HERE / "data" / "wxr-entity-bomb.xml"), "--dry-run", data_dir=tmp_path
    )
    assert "refused for safety" in bomb.stderr


@pytest.mark.django_db
def test_a_real_import_creates_a_draft_and_prints_a_summary(section):
    out = StringIO()
    call_command("import_articles", str(SEED), "--no-images", stdout=out)
    assert "created 1, updated 0, skipped 0, failed 0" in out.getvalue()
    article = ArticlePage.objects.get()
    assert article.title == "Trump calls Putin and talks of ‘Russian Hoax’"
    assert not article.live
    body = str(article.body)
    for line in WIDGETS:
        assert line not in body

    again = StringIO()
    call_command("import_articles", str(SEED), "--no-images", stdout=again)
    assert "created 0, updated 0, skipped 1, failed 0" in again.getvalue()
    assert ArticlePage.objects.count() == 1


@pytest.mark.django_db
def test_publish_and_section_options(section, home_page):
    from masthead.sections.models import SectionPage

    other = home_page.add_child(instance=SectionPage(title="Local", slug="local"))
    page = HERE / "corpus" / "h02-opengraph-byline-div.html"
    out = StringIO()
    call_command(
        "import_articles",
        str(page),
        "--publish",
        "--section",
        "local",
        "--no-images",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["created"] == [
        "Hill orchard wins the county apple prize"
    ]
    article = ArticlePage.objects.get()
    assert article.live
    assert article.get_parent().pk == other.pk
    assert article.source_url == "https://valley.example/2024/05/orchard-prize"
    with pytest.raises(CommandError, match="no section with the slug 'nowhere'"):
        call_command("import_articles", str(page), "--section", "nowhere")
