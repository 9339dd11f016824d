"""PostgreSQL only: pg_trgm and a trigram index, so correcting a misspelled word
is one index lookup (``word % 'puttin'``) whatever the size of the vocabulary.
SQLite corrects in process (``services.correct_spelling``) and needs nothing."""

from django.db import migrations


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_searchword_word_trgm "
        "ON search_searchword USING gin (word gin_trgm_ops)"
    )


def remove_trigram_index(apps, schema_editor):
    # The extension stays: Wagtail's own fuzzy search may use it too.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_searchword_word_trgm")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_add_search_word")]

    operations = [migrations.RunPython(add_trigram_index, remove_trigram_index)]
