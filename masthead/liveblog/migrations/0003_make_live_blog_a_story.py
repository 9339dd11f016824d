"""A live blog becomes a kind of story: ``LiveBlogPage`` inherits ``ArticlePage``.

Each existing live blog gets its ``articles_articlepage`` row (its standfirst moves
there), then its parent link is re-pointed from the page to that row. The link's
values do not change (both are the page id), so the table keeps its rows and its
entries keep their foreign keys; only the column's name and target change.
"""

import django.db.models.deletion
from django.db import migrations, models

LINK = models.OneToOneField(
    auto_created=True,
    on_delete=django.db.models.deletion.CASCADE,
    parent_link=True,
    primary_key=True,
    serialize=False,
    to="articles.articlepage",
)
OLD_LINK = models.OneToOneField(
    auto_created=True,
    on_delete=django.db.models.deletion.CASCADE,
    parent_link=True,
    primary_key=True,
    serialize=False,
    to="wagtailcore.page",
)


class ReparentOnArticlePage(migrations.operations.base.Operation):
    """Swap the model's base (Page for ArticlePage) and its parent link in one
    step: the two cannot change apart without an invalid model in between, and
    Django has no operation for a model's bases."""

    reversible = True

    def state_forwards(self, app_label, state):
        self._swap(state, app_label, "page_ptr", "articlepage_ptr", LINK, "articles")

    def state_backwards(self, app_label, state):
        self._swap(state, app_label, "articlepage_ptr", "page_ptr", OLD_LINK, None)

    def _swap(self, state, app_label, old_name, new_name, link, base_app):
        model_state = state.models[app_label, "liveblogpage"]
        fields = {new_name: link.clone()}
        fields.update(
            (name, field)
            for name, field in model_state.fields.items()
            if name != old_name
        )
        model_state.fields = fields
        model_state.bases = (
            ("articles.articlepage",) if base_app else ("wagtailcore.page",)
        )
        state.reload_model(app_label, "liveblogpage", delay=False)

    def _alter(self, app_label, schema_editor, from_state, to_state, old, new):
        from_model = from_state.apps.get_model(app_label, "liveblogpage")
        to_model = to_state.apps.get_model(app_label, "liveblogpage")
        if not self.allow_migrate_model(schema_editor.connection.alias, to_model):
            return
        # The model after the change: SQLite rebuilds the table from it, and from
        # the model before it would add a second parent link.
        schema_editor.alter_field(
            to_model, from_model._meta.get_field(old), to_model._meta.get_field(new)
        )
        if schema_editor.connection.vendor == "sqlite":
            # A rebuilt SQLite table leaves the entries' foreign key naming the
            # old column; rebuilding the entries' table names the new one.
            schema_editor._remake_table(
                to_state.apps.get_model(app_label, "liveblogentry")
            )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._alter(
            app_label,
            schema_editor,
            from_state,
            to_state,
            "page_ptr",
            "articlepage_ptr",
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._alter(
            app_label,
            schema_editor,
            from_state,
            to_state,
            "articlepage_ptr",
            "page_ptr",
        )

    def describe(self):
        return "Make LiveBlogPage a kind of ArticlePage"


def add_article_rows(apps, schema_editor):
    LiveBlogPage = apps.get_model("liveblog", "LiveBlogPage")
    ArticlePage = apps.get_model("articles", "ArticlePage")
    for blog in LiveBlogPage.objects.all():
        # raw=True writes only the article table: the page row already exists.
        ArticlePage(page_ptr_id=blog.pk, standfirst=blog.standfirst).save_base(raw=True)


def remove_article_rows(apps, schema_editor):
    LiveBlogPage = apps.get_model("liveblog", "LiveBlogPage")
    ArticlePage = apps.get_model("articles", "ArticlePage")
    for blog in LiveBlogPage.objects.all():
        article = ArticlePage.objects.filter(pk=blog.pk).first()
        blog.standfirst = article.standfirst if article else ""
        blog.save_base(raw=True, update_fields=["standfirst"])
    # A plain delete would cascade to the page rows: delete the article rows only.
    pks = list(LiveBlogPage.objects.values_list("pk", flat=True))
    ArticlePage.objects.filter(pk__in=pks)._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_add_article_corrections"),
        ("liveblog", "0002_add_entry_author"),
    ]

    operations = [
        migrations.RunPython(add_article_rows, remove_article_rows),
        migrations.RemoveField(model_name="liveblogpage", name="standfirst"),
        ReparentOnArticlePage(),
    ]
