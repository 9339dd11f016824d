"""Indexes for story lists that do not grow with the archive (issue 15).

They are on Wagtail's page table, which no model of ours declares, so they are
made with SQL, on PostgreSQL only (the database an archive lives in).

- ``masthead_story_section_newest``: a section's stories newest first
  (``ArticlePageQuerySet.in_section``). Stories sit at depth 4 (front page 2,
  sections 3, ``parent_page_types``), so a story's section is the first 12
  characters of its tree path. ``INCLUDE (path)`` lets PostgreSQL answer from
  the index alone (it cannot use an expression's value for that), so a deep
  page's ids cost a walk of the index, not a fetch and sort of every story of
  the section; the statistics object gives the planner the section's size.
- ``masthead_story_newest``: the newest live pages anywhere (front page,
  "Latest", tag and author pages after their own index, feeds).
"""

from django.db import migrations

INDEXES = {
    "masthead_story_section_newest": (
        "(SUBSTRING(path, 1, 12), first_published_at DESC, id DESC) "
        "INCLUDE (path) WHERE depth = 4 AND live"
    ),
    "masthead_story_newest": "(first_published_at DESC, id DESC) WHERE live",
}


STATISTICS = "masthead_story_section_stats"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {definition}"
        )
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} "
        "ON (SUBSTRING(path, 1, 12)) FROM wagtailcore_page"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0001_initial"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
