from django.db import migrations, models


def mark_live_stories(apps, schema_editor):
    # Stories already live were published here before: their next publication
    # is an edit, not the first one.
    ImportedItem = apps.get_model("ingest", "ImportedItem")
    for record in ImportedItem.objects.filter(article__live=True).select_related(
        "article"
    ):
        record.went_live_at = (
            record.article.first_published_at or record.last_imported_at
        )
        record.save(update_fields=["went_live_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_add_feeds_and_imported_items"),
    ]

    operations = [
        migrations.AddField(
            model_name="importeditem",
            name="source_modified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importeditem",
            name="went_live_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_live_stories, migrations.RunPython.noop),
    ]
