import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("liveblog", "0001_create_live_blog"),
        ("people", "0002_add_person_social_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="liveblogentry",
            name="author",
            field=models.ForeignKey(
                blank=True,
                help_text="Who wrote this entry, when not the whole byline.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="live_blog_entries",
                to="people.person",
            ),
        ),
    ]
