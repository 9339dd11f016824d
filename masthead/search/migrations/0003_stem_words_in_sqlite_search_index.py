"""SQLite only: rebuild Wagtail's FTS5 table with the Porter stemmer, so "ferries"
finds "ferry" (the PostgreSQL backend stems through ``SEARCH_CONFIG``).

Wagtail creates the table with FTS5's default tokenizer and keeps it filled from
``wagtailsearch_indexentry`` by triggers that name the table, so dropping and
recreating it under the same name keeps them working; the rows are copied back.
Porter is English: the site's language (``LANGUAGE_CODE`` en-gb).
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry_fts"
ENTRIES = "wagtailsearch_indexentry"


def _rebuild(schema_editor, tokenize):
    if schema_editor.connection.vendor != "sqlite":
        return
    if TABLE not in schema_editor.connection.introspection.table_names():
        return  # SQLite without FTS5: Wagtail falls back to plain LIKE matching.
    schema_editor.execute(f"DROP TABLE {TABLE}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(autocomplete, body, title{tokenize})"
    )
    schema_editor.execute(
        f"INSERT INTO {TABLE} (rowid, autocomplete, body, title) "  # noqa: S608
        f"SELECT id, autocomplete, body, title FROM {ENTRIES}"
    )


def use_porter_stemmer(apps, schema_editor):
    _rebuild(schema_editor, ", tokenize = 'porter unicode61 remove_diacritics 2'")


def use_default_tokenizer(apps, schema_editor):
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_add_trigram_index_to_search_words"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(use_porter_stemmer, use_default_tokenizer)]
