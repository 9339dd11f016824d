from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsroomsettings",
            name="corrections_position",
            field=models.CharField(
                choices=[("top", "Under the headline"), ("bottom", "After the story")],
                default="bottom",
                help_text="Where an article shows its corrections and updates.",
                max_length=10,
            ),
        ),
    ]
