import uuid

from django.db import migrations, models


def give_each_entry_its_own_uid(apps, schema_editor):
    LiveBlogEntry = apps.get_model("liveblog", "LiveBlogEntry")
    for entry in LiveBlogEntry.objects.all():
        entry.uid = uuid.uuid4()
        entry.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [("liveblog", "0003_make_live_blog_a_story")]

    operations = [
        # Nullable first: a column default would give every existing entry the
        # same value.
        migrations.AddField(
            model_name="liveblogentry",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_entry_its_own_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="liveblogentry",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]
