from django.contrib.auth.management import create_permissions
from django.db import migrations

from masthead.newsroom import roles


def create_roles_and_workflow(apps, schema_editor):
    # Permission rows are normally made after all migrations; make them now so the
    # groups get their full grants on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.apply_roles(apps)
    roles.apply_review_workflow(apps)


def remove_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=roles.REVIEW_WORKFLOW).delete()
    Task.objects.filter(name=roles.REVIEW_TASK).delete()
    Group.objects.filter(name__in=roles.ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("people", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)
    ]
