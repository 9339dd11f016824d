"""PostgreSQL only: a GIN index over ``title || body`` of Wagtail's search index.

Wagtail's database backend matches ``(title || body) @@ to_tsquery(...)``; its own
GIN indexes are on ``title`` and ``body`` separately, which the planner cannot use
for the concatenation, so every search read the whole index table (0.6-1.1 s per
query on 100,000 stories, issue 15). An index on the very expression makes the
match an index lookup; ``services._rank_in_postgres`` filters on that expression.
SQLite (FTS5) needs nothing.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
        "USING gin ((title || body))"
    )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_stem_words_in_sqlite_search_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
