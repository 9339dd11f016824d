from django.db import migrations

DEFAULT_LISTS = [
    ("daily", "Daily digest", "daily", "The day's top stories, each morning."),
    ("weekly", "The week", "weekly", "The week's best reading, on Saturdays."),
    ("breaking", "Breaking news", "breaking", "A short email when big news breaks."),
]


def add_default_lists(apps, schema_editor):
    NewsletterList = apps.get_model("newsletters", "NewsletterList")
    for position, (slug, name, kind, description) in enumerate(DEFAULT_LISTS):
        NewsletterList.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "description": description,
                "position": position,
            },
        )


def remove_default_lists(apps, schema_editor):
    NewsletterList = apps.get_model("newsletters", "NewsletterList")
    NewsletterList.objects.filter(
        slug__in=[slug for slug, *_ in DEFAULT_LISTS], issues__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0001_create_newsletters")]

    operations = [migrations.RunPython(add_default_lists, remove_default_lists)]
