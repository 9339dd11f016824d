"""The archive generator's rows, built as plain values and written a table at a time.

``archive.py`` decides the stories; this module turns a batch of them into the
rows the admin would write (page tree row, ``ArticlePage`` row, the published
revision, bylines, tags, corrections, the search index entry) without building a
model instance per story. On PostgreSQL each table gets one ``COPY`` and the search
vectors are computed by the server (``to_tsvector``/``setweight``, exactly the SQL
Wagtail's PostgreSQL search backend writes); elsewhere (SQLite in tests) the same
rows go in with ``executemany`` and the search backend indexes the stories itself.

The ids are reserved first (from the tables' sequences), so every row is written
once, already pointing at its revision, and no ``UPDATE`` follows. The texts that
the search backend would extract (rich text without tags, figure captions and
credits) are computed from the plan, once per photo rather than once per story;
``tests/test_archive_rows.py`` checks them against what Wagtail itself writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from wagtail.models import Page, Revision
from wagtail.search import index
from wagtail.search.backends import get_search_backend

CORRECTION_TEXT = "An earlier version of this story misspelt a name."


@dataclass
class Rows:
    """Rows of one batch, per model, as ``{attname: value}`` dicts."""

    tables: dict[type[models.Model], list[dict]] = field(default_factory=dict)
    index: list[tuple] = field(default_factory=list)

    def add(self, model, row: dict) -> None:
        self.tables.setdefault(model, []).append(row)


class StoryRowBuilder:
    """Builds a batch's rows; holds what every story of the run shares."""

    def __init__(self, *, sections, people, tags, images):
        from masthead.articles.models import ArticlePage

        self.sections, self.people, self.tags, self.images = (
            sections,
            people,
            tags,
            images,
        )
        self.article_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        figure_block = ArticlePage.body.field.stream_block.child_blocks["figure"]
        self._figure_search: dict[int, list[str]] = {}
        self._figure_text: dict[int, str] = {}
        self._figure_block = figure_block
        # Only PostgreSQL's backend gets its rows from here (see write_search_entries).
        self.bulk_index = uses_bulk_index()
        self._search_fields = (
            _flatten_search_fields(ArticlePage.get_search_fields())
            if self.bulk_index
            else []
        )

    # --- per photo, computed once --------------------------------------------

    def figure_search_content(self, n: int) -> list[str]:
        """What the figure block gives the search index for photo ``n``."""
        if n not in self._figure_search:
            image = self.images[n]
            value = self._figure_block.to_python(
                {"image": image.pk, "caption": image.caption, "credit": "", "alt": ""}
            )
            self._figure_search[n] = self._figure_block.get_searchable_content(value)
        return self._figure_search[n]

    def figure_text(self, n: int) -> str:
        """Caption and credit as ``figure_text_for_search`` shows photo ``n``."""
        if n not in self._figure_text:
            from masthead.images.figures import resolve_figure

            figure = resolve_figure(self.images[n])
            self._figure_text[n] = f"{figure.caption} {figure.credit}"
        return self._figure_text[n]

    # --- per story ------------------------------------------------------------

    def body(self, plan) -> tuple[list[dict], list[str], list[int]]:
        """The StreamField's stored JSON, its search texts and the photos placed."""
        raw, searchable, placed = [], [], []
        figures = list(plan.images[1:])
        every = max(1, len(plan.paragraphs) // (len(figures) + 1))
        for n, text in enumerate(plan.paragraphs):
            text = text.strip()
            raw.append(
                {
                    "type": "paragraph",
                    "value": f"<p>{escape(text, quote=False)}</p>",
                    "id": str(uuid.uuid4()),
                }
            )
            searchable.append(text)  # the words carry no markup or entities
            if figures and n % every == every - 1:
                image_n = figures.pop(0)
                image = self.images[image_n]
                raw.append(
                    {
                        "type": "figure",
                        "value": {
                            "image": image.pk,
                            "caption": image.caption,
                            "credit": "",
                            "alt": "",
                        },
                        "id": str(uuid.uuid4()),
                    }
                )
                searchable += self.figure_search_content(image_n)
                placed.append(image_n)
        return raw, searchable, placed

    def add_story(self, rows: Rows, plan, *, ids: dict, path: str) -> None:
        from django.utils.text import slugify

        from masthead.articles.models import (
            ArticleAuthor,
            ArticleCorrection,
            ArticlePage,
            ArticleTag,
        )
        from masthead.demo.archive import SOURCE_PREFIX

        section = self.sections[plan.section]
        lead = self.images[plan.images[0]]
        slug = f"{slugify(plan.headline)[:60].strip('-')}-{plan.number}"
        page_id, revision_id = ids["page"], ids["revision"]
        body, body_search, placed = self.body(plan)
        page = {
            "id": page_id,
            "path": path,
            "depth": section.depth + 1,
            "numchild": 0,
            "title": plan.headline,
            "draft_title": plan.headline,
            "slug": slug,
            "live": True,
            "has_unpublished_changes": False,
            "url_path": f"{section.url_path}{slug}/",
            "content_type_id": self.article_type.pk,
            "first_published_at": plan.published_at,
            "last_published_at": plan.published_at,
            "latest_revision_created_at": plan.published_at,
            "live_revision_id": revision_id,
            "latest_revision_id": revision_id,
            "translation_key": uuid.uuid4(),
            "locale_id": section.locale_id,
        }
        article = {
            "page_ptr_id": page_id,
            "standfirst": plan.standfirst,
            "lead_image_id": lead.pk,
            "lead_caption": lead.caption,
            "body": body,
            "source_id": f"{SOURCE_PREFIX}{plan.number}",
        }
        authors = [
            {
                "id": pk,
                "page_id": page_id,
                "person_id": self.people[i].pk,
                "sort_order": n,
            }
            for n, (pk, i) in enumerate(zip(ids["authors"], plan.authors, strict=True))
        ]
        tagged = [
            {"id": pk, "content_object_id": page_id, "tag_id": self.tags[i].pk}
            for pk, i in zip(ids["tags"], plan.tags, strict=True)
        ]
        corrections = [
            {
                "id": pk,
                "page_id": page_id,
                "sort_order": 0,
                "noted_at": plan.published_at + timedelta(hours=5),
                "text": CORRECTION_TEXT,
            }
            for pk in ids["corrections"]
        ]
        rows.add(Page, page)
        rows.add(ArticlePage, article)
        for model, items in (
            (ArticleAuthor, authors),
            (ArticleTag, tagged),
            (ArticleCorrection, corrections),
        ):
            for item in items:
                rows.add(model, item)
        rows.add(
            Revision,
            {
                "id": revision_id,
                "content_type_id": self.article_type.pk,
                "base_content_type_id": self.page_type.pk,
                "object_id": str(page_id),
                "created_at": plan.published_at,
                "object_str": plan.headline,
                "content": self.revision_content(
                    page, article, authors, tagged, corrections
                ),
            },
        )
        if not self.bulk_index:
            rows.index.append((page_id, {}))
            return
        figure_text = " ".join(self.figure_text(n) for n in [plan.images[0], *placed])
        values = {
            "title": plan.headline,
            "standfirst": plan.standfirst,
            "body": ", ".join(body_search),
            "lead_caption": lead.caption,
            "lead_credit": "",
            "figure_text_for_search": " ".join(
                figure_text.replace("/", " ").replace("\\", " ").split()
            ),
            "source_name": "",
            "tags": [self.tags[i].name for i in plan.tags],
            "authors": [self.people[i].name for i in plan.authors],
        }
        rows.index.append((page_id, self.index_texts(values)))

    def revision_content(self, page, article, authors, tagged, corrections) -> dict:
        """What ``page.serializable_data()`` gives for this story's first revision
        (a revision never names itself: no live or latest revision yet)."""
        import json

        content = {"pk": page["id"]}
        for f in Page._meta.concrete_fields:
            if f.attname != "id":
                content[f.name] = page.get(f.attname, _default(f))
        content.update(latest_revision=None, live_revision=None)
        for f in _article_fields():
            if f.name == "body":
                content["body"] = json.dumps(article["body"])
            else:
                content[f.name] = article.get(f.attname, _default(f))
        content["translation_key"] = str(page["translation_key"])
        content["wagtail_admin_comments"] = []
        content["tagged_items"] = [
            {"pk": t["id"], "tag": t["tag_id"], "content_object": page["id"]}
            for t in tagged
        ]
        content["corrections"] = [
            {
                "pk": c["id"],
                "sort_order": c["sort_order"],
                "kind": _default_of("corrections", "kind"),
                "noted_at": c["noted_at"],
                "text": c["text"],
                "page": page["id"],
            }
            for c in corrections
        ]
        content["authors"] = [
            {
                "pk": a["id"],
                "sort_order": a["sort_order"],
                "page": page["id"],
                "person": a["person_id"],
            }
            for a in authors
        ]
        return content

    def index_texts(self, values: dict) -> dict[str, list[tuple[str, str]]]:
        """The (text, weight) lists the PostgreSQL backend turns into vectors."""
        texts: dict[str, list[tuple[str, str]]] = {
            "title": [],
            "body": [],
            "autocomplete": [],
        }
        for kind, name, weight in self._search_fields:
            value = values[name]
            for text in value if isinstance(value, list) else [value]:
                if kind == "autocomplete":
                    texts["autocomplete"].append((text, weight))
                elif name == "title":
                    texts["title"].append((text, weight))
                else:
                    texts["body"].append((text, weight))
        return texts


def uses_bulk_index() -> bool:
    """Whether the search entries are written here: Wagtail's database backend on
    PostgreSQL (its ``IndexEntry`` table with tsvector columns)."""
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return connection.vendor == "postgresql" and isinstance(
        get_search_backend(), PostgresSearchBackend
    )


def _flatten_search_fields(fields) -> list[tuple[str, str, str]]:
    """(kind, value name, weight) for every text the backend would index, in its
    order; a related field's texts are named after the relation."""
    from modelsearch.backends.database.postgres.weights import get_weight

    flat = []
    for f in fields:
        if isinstance(f, index.SearchField):
            flat.append(("search", f.field_name, get_weight(f.boost)))
        elif isinstance(f, index.AutocompleteField):
            flat.append(("autocomplete", f.field_name, "D"))
        elif isinstance(f, index.RelatedFields):
            for sub in f.fields:
                if isinstance(sub, index.SearchField):
                    flat.append(("search", f.field_name, get_weight(sub.boost)))
    return flat


def _default(f):
    return f.get_default()


def _article_fields():
    from masthead.articles.models import ArticlePage

    return ArticlePage._meta.local_concrete_fields[1:]  # after page_ptr


def _default_of(relation: str, name: str):
    from masthead.articles.models import ArticlePage

    model = ArticlePage._meta.get_field(relation).related_model
    return model._meta.get_field(name).get_default()


# --- writing ---------------------------------------------------------------------


def reserve_ids(model, count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``'s table, in order."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # Elsewhere (SQLite, tests) the generator is the only writer in its
        # transaction: the next ids follow the largest.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def write_rows(rows: Rows) -> None:
    """Every table's rows, parents first (foreign keys are checked at commit)."""
    for model, items in rows.tables.items():
        fields = [
            f for f in model._meta.local_concrete_fields if f.attname in items[0]
        ] + [f for f in model._meta.local_concrete_fields if f.attname not in items[0]]
        defaults = {f.attname: f.get_default() for f in fields}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)

        def prepared(item, fields=fields, defaults=defaults):
            return [
                f.get_db_prep_save(item.get(f.attname, defaults[f.attname]), connection)
                for f in fields
            ]

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for item in items:
                        copy.write_row(prepared(item))
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                    [prepared(item) for item in items],
                )


_VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION pg_temp.masthead_weighted_vector(
    config regconfig, texts text[], weights text[]
) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    vector tsvector := ''::tsvector;
BEGIN
    -- The same expression as the search backend's ADD of SearchVectors:
    -- setweight(to_tsvector(config, text), weight) joined with ||, in order.
    FOR i IN 1 .. coalesce(array_length(texts, 1), 0) LOOP
        vector := vector
            || setweight(to_tsvector(config, texts[i]), weights[i]::"char");
    END LOOP;
    RETURN vector;
END $$;
CREATE TEMPORARY TABLE IF NOT EXISTS masthead_archive_index (
    object_id text,
    title_texts text[], title_weights text[],
    autocomplete_texts text[], autocomplete_weights text[],
    body_texts text[], body_weights text[],
    title_text text, body_text text
) ON COMMIT DELETE ROWS;
"""


def write_search_entries(rows: Rows, model) -> None:
    """The search index rows of the batch's stories, as the search backend makes."""
    backend = get_search_backend()
    if not uses_bulk_index():
        ids = [page_id for page_id, _ in rows.index]
        stories = model.objects.filter(pk__in=ids).select_related("lead_image")
        backend.add_bulk(model, list(stories))
        return
    from wagtail.search.models import IndexEntry

    def cleaned(pairs):
        pairs = [(text.strip(), weight) for text, weight in pairs]
        pairs = [(text, weight) for text, weight in pairs if text]
        return [t for t, _ in pairs], [w for _, w in pairs]

    content_type = ContentType.objects.get_for_model(model).pk
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_VECTOR_FUNCTION)
        with cursor.cursor.copy("COPY masthead_archive_index FROM STDIN") as copy:
            for page_id, texts in rows.index:
                title, title_w = cleaned(texts["title"])
                auto, auto_w = cleaned(texts["autocomplete"])
                body, body_w = cleaned(texts["body"])
                copy.write_row(
                    [
                        str(page_id),
                        title,
                        title_w,
                        auto,
                        auto_w,
                        body,
                        body_w,
                        " ".join(title),
                        " ".join(body),
                    ]
                )
        cursor.execute(
            f"""
            INSERT INTO {table} (content_type_id, object_id, title, autocomplete,
                body, title_norm, title_text, body_text)
            SELECT %(ct)s, object_id,
                pg_temp.masthead_weighted_vector(
                    coalesce(%(config)s, current_setting('default_text_search_config'))
                    ::regconfig, title_texts, title_weights),
                pg_temp.masthead_weighted_vector(
                    %(auto)s::regconfig, autocomplete_texts, autocomplete_weights),
                pg_temp.masthead_weighted_vector(
                    coalesce(%(config)s, current_setting('default_text_search_config'))
                    ::regconfig, body_texts, body_weights),
                1.0, title_text, body_text
            FROM masthead_archive_index
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """,  # noqa: S608 - the table name is the model's
            {
                "ct": content_type,
                "config": backend.config,
                "auto": backend.autocomplete_config,
            },
        )
        cursor.execute("TRUNCATE masthead_archive_index")


class SearchEntryWriter:
    """Writes each committed batch's search entries, on PostgreSQL in two threads
    with their own connections: ``to_tsvector`` is most of the generator's work and
    the server can do it on both cores while Python builds the next batch."""

    workers = 2

    def __init__(self, model):
        self.model = model
        # Inside a caller's transaction (a test) other connections could not see
        # its rows, and what they commit would outlive a rollback: stay in line.
        self.threaded = (
            connection.vendor == "postgresql" and not connection.in_atomic_block
        )
        self.pending: list = []

    def __enter__(self):
        if self.threaded:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(self.workers)
        return self

    def write(self, rows: Rows) -> None:
        if not self.threaded:
            write_search_entries(rows, self.model)
            return
        # At most two batches wait: memory stays bounded and errors surface.
        while len(self.pending) >= self.workers:
            self.pending.pop(0).result()
        self.pending.append(self.pool.submit(self._write_in_thread, rows))

    def _write_in_thread(self, rows: Rows) -> None:
        from django.db import connection as thread_connection
        from django.db import transaction

        try:
            with transaction.atomic():
                write_search_entries(rows, self.model)
        finally:
            thread_connection.close()

    def __exit__(self, *exc):
        if self.threaded:
            try:
                for future in self.pending:
                    future.result()
            finally:
                self.pool.shutdown(wait=True)
        return False


def refresh_title_norms(model) -> None:
    """The backend's ``title_norm`` pass, once for the whole run."""
    if uses_bulk_index():
        get_search_backend().get_index_for_model(model)._refresh_title_norms()
