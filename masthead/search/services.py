"""Finding stories: full-text search (Wagtail's database backend), tag listings and
related stories. Reads only."""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import escape
from wagtail.search.query import PlainText

from masthead.articles.models import ArticlePage

MAX_QUERY_CHARS = 200  # longer queries are cut, not refused
PER_PAGE = 20
RELATED_COUNT = 4


def clean_query(raw: str) -> str:
    """Collapse whitespace, drop control characters, cut to a sane length."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


MAX_RESULTS = 500  # readers never page past this; keeps re-ranking cheap


def query_words(query: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", query) if len(w) > 1]


def rank_by_headline(articles: list, query: str) -> list:
    """Stories whose headline (then standfirst) holds more of the query's words
    come first; ties keep the search backend's relevance order. The database
    backend weighs fields differently on SQLite and PostgreSQL; a newsroom expects
    the story *about* the words, i.e. with them in its headline, on top."""
    words = query_words(query)

    def hits(text: str) -> int:
        found = set(re.findall(r"\w+", text.casefold()))
        return sum(1 for word in words if word in found)

    return sorted(articles, key=lambda a: (-hits(a.title), -hits(a.standfirst or "")))


def search_articles(site, query: str) -> list:
    """Published stories matching every word of ``query``, best first."""
    # Only words reach the backend, lower-cased: SQLite's FTS5 reads quotes, ``=``
    # and upper-case AND/OR/NOT as query syntax and fails on them.
    words = " ".join(re.findall(r"\w+", query.casefold()))
    if not words:
        return []
    articles = ArticlePage.objects.descendant_of(site.root_page).published()
    results = articles.search(PlainText(words, operator="and"), order_by_relevance=True)
    return rank_by_headline(list(results[:MAX_RESULTS]), query)


def highlight(text: str, query: str, *, width: int = 240) -> str:
    """An escaped excerpt of ``text`` around the first matched word, with the
    query's words wrapped in ``<mark>``. Safe to mark safe."""
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
    if not text:
        return ""
    start = 0
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        found = pattern.search(text)
        if found and found.start() > width // 2:
            start = text.rfind(" ", 0, found.start() - width // 3) + 1
    excerpt = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    html = escape(excerpt)
    if words:
        escaped = [re.escape(escape(w)) for w in words]
        html = re.sub(
            "(" + "|".join(escaped) + ")",
            r"<mark>\1</mark>",
            html,
            flags=re.IGNORECASE,
        )
    return prefix + html + suffix


def article_text(article, query: str = "") -> str:
    """Plain text of the part of a story that holds one of ``query``'s words, for
    the excerpt under a search result.

    Parts are tried in reading order: standfirst and paragraphs, then photo
    captions and credits, then the byline. The first part holding every word
    wins, else the first holding any: a story found through its lead photo's
    credit shows that credit. With no query, or no part holding a word (a tag
    match), the standfirst and paragraphs. Later parts are read only when the
    earlier ones miss, so most results cost no extra query.
    """
    from django.utils.html import strip_tags

    def story_text():
        parts = [article.standfirst]
        for block in article.body:
            if block.block_type == "paragraph":
                parts.append(strip_tags(str(block.value)))
        return " ".join(p for p in parts if p)

    def photo_text():
        return " · ".join(
            " — ".join(part for part in (figure.caption, figure.credit) if part)
            for figure in article.all_figures()
            if figure.caption or figure.credit
        )

    def byline_text():
        names = [person.name for person in article.byline]
        return "By " + " and ".join(names) if names else ""

    words = query_words(query)
    first = story_text()
    if not words:
        return first
    partial = None
    for read in (lambda: first, photo_text, byline_text):
        text = read()
        found = [word for word in words if word in text.casefold()]
        if found and len(found) == len(words):
            return text
        if found and partial is None:
            partial = text
    return partial or first


def score_related(
    *,
    shared_tags: int,
    same_section: bool,
    published: datetime | None,
    now: datetime,
) -> float:
    """Shared tags count most, the same section a little; older stories fade
    (half weight after 30 days)."""
    score = 2.0 * shared_tags + (1.0 if same_section else 0.0)
    if published is None or score == 0:
        return score
    age_days = max((now - published).total_seconds(), 0) / 86400
    return score * 0.5 ** (age_days / 30)


def find_related_articles(article, *, count: int = RELATED_COUNT, now=None) -> list:
    """Stories sharing tags or the section with ``article``, recency-weighted.

    Two queries: the candidates (same site, sharing a tag or the section, newest
    150) as bare rows with their number of shared tags counted by the database,
    then the few chosen stories. Building 150 page objects (with their bodies) to
    keep four cost more than the rest of the article's render.
    """
    now = now or timezone.now()
    tag_ids = [tag.pk for tag in getattr(article, "topic_tags", article.tags.all())]
    section_path = article.path[: -ArticlePage.steplen]
    site_path = section_path[: -ArticlePage.steplen]
    candidates = (
        ArticlePage.objects.filter(path__startswith=site_path)
        .published()
        .exclude(pk=article.pk)
        .filter(Q(tagged_items__tag_id__in=tag_ids) | Q(path__startswith=section_path))
        # values_list before annotate: GROUP BY these three, not every column.
        .values_list("pk", "path", "first_published_at")
        .annotate(
            shared=Count(
                "tagged_items",
                filter=Q(tagged_items__tag_id__in=tag_ids),
                distinct=True,
            )
        )
        .newest_first()[:150]
    )
    scored = sorted(
        candidates,
        key=lambda row: (
            -score_related(
                shared_tags=row[3],
                same_section=row[1].startswith(section_path),
                published=row[2],
                now=now,
            )
        ),
    )
    chosen = [row[0] for row in scored[:count]]
    if not chosen:
        return []
    stories = ArticlePage.objects.filter(pk__in=chosen).defer_streamfields()
    by_pk = {story.pk: story for story in stories}
    return [by_pk[pk] for pk in chosen if pk in by_pk]
