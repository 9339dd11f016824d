"""Fold Wagtail's stock "Moderators" and "Editors" groups into Masthead's Editor
role: their members become Editors and the two groups are deleted, so the admin
lists only Masthead's roles (``roles.ROLE_NAMES``).

Not reversible in data (the reverse does nothing): which Editors came from which
stock group is not recorded, and recreating the stock groups would hand back
grants (documents, collections) that Masthead's roles deliberately leave out.
"""

from django.db import migrations

from masthead.newsroom import roles

WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def fold_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    stock = Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS)
    if not stock.exists():
        return
    editor, _ = Group.objects.get_or_create(name=roles.EDITOR)
    User = apps.get_model("auth", "User")
    for user in User.objects.filter(groups__in=stock).distinct():
        user.groups.add(editor)
    # Group deletion cascades to their page, collection and approval-task grants.
    stock.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_create_roles_and_workflow"),
        # After every Wagtail migration that creates or grants to the stock groups.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(fold_default_groups, migrations.RunPython.noop)
    ]
