"""Finding stories: full-text search (Wagtail's database backend), tag listings and
related stories. Reads only."""

from __future__ import annotations

import difflib
import hashlib
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from masthead.articles.models import ArticlePage
from masthead.core import generation
from masthead.pagecache.surrogates import LATEST

if TYPE_CHECKING:
    from wagtail.models import Site

from .models import SearchWord

MAX_QUERY_CHARS = 200  # longer queries are cut, not refused
PER_PAGE = 20
RELATED_COUNT = 4
MAX_RESULTS = 500  # readers never page past this; keeps ranking cheap
# Anonymous readers asking the same thing within this many seconds share one
# search; a publish or withdrawal (the page cache's ``latest`` key) ends it sooner.
RESULTS_CACHE_SECONDS = 60


def clean_query(raw: str) -> str:
    """Collapse whitespace, drop control characters, cut to a sane length."""
    text = "".join(
        ch for ch in raw[: MAX_QUERY_CHARS * 4] if ch.isprintable() or ch.isspace()
    )
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def query_words(query: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", query) if len(w) > 1]


def searched_words(query: str) -> list[str]:
    """The words that reach the search backend: letters and digits only,
    lower-cased, at most ``MAX_QUERY_WORDS``. Operators and quotes (``& | ! ( ) :
    * ' "``) never do: SQLite's FTS5 and PostgreSQL's ``to_tsquery`` read them as
    query syntax, and a reader typing them means no syntax."""
    return re.findall(r"\w+", query.casefold())[:MAX_QUERY_WORDS]


def is_shortened(raw: str, query: str) -> bool:
    """The reader's text was cut (``clean_query``) or holds more words than are
    searched: the page says only the first were."""
    return (
        len(" ".join(raw.split())) > MAX_QUERY_CHARS
        or len(re.findall(r"\w+", query)) > MAX_QUERY_WORDS
    )


def searched_label(query: str) -> str:
    """How the page names what was searched: a long query by its first
    ``MAX_QUERY_WORDS`` words (all the backend saw), not 200 characters."""
    words = re.findall(r"\w+", query)
    if len(words) <= MAX_QUERY_WORDS:
        return query
    return " ".join(words[:MAX_QUERY_WORDS]) + " …"


def rank_by_headline(rows: list, query: str) -> list:
    """``(pk, title, standfirst)`` rows whose headline (then standfirst) holds more
    of the query's words come first; ties keep the backend's order. A newsroom
    expects the story *about* the words, i.e. with them in its headline, on top."""
    words = query_words(query)

    def hits(text: str) -> int:
        found = set(re.findall(r"\w+", text.casefold()))
        return sum(1 for word in words if word in found)

    return sorted(rows, key=lambda row: (-hits(row[1]), -hits(row[2] or "")))


def _ranks_in_postgres() -> bool:
    """Wagtail's database backend on PostgreSQL: rank with the expression GIN
    index (migration 0004). Any other backend (SQLite's FTS5, Elasticsearch or
    OpenSearch through ``MASTHEAD_SEARCH_URL``) ranks through ``.search()``."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend.endswith(".database")


def _matching_ids(words: list[str], *, headline_only: bool = False) -> RawSQL:
    """Ids of the stories whose index entry matches every word of ``words``.

    The match is ``(title || body) @@ query``, the very expression Wagtail's
    backend filters on, which the GIN index of migration 0004 serves (``title``
    alone: Wagtail's own GIN index). ``content_type_id + 0`` keeps the planner off
    the content-type index: it prices the text match as one cheap operator
    (on each row it reads and joins two out-of-line tsvectors, ~70 µs), so it
    would rather scan every story's entry than ask the GIN index.
    """
    document = "title" if headline_only else "(title || body)"
    # Words are \w+ (no quote or backslash), quoted as lexemes like Wagtail's own.
    raw_query = " & ".join(f"'{word}'" for word in words)
    # Only fixed SQL is formatted in; the words and config are parameters.
    return RawSQL(  # noqa: S611
        "SELECT object_id::bigint FROM wagtailsearch_indexentry"  # noqa: S608
        f" WHERE {document} @@ to_tsquery(%s::regconfig, %s)"
        " AND content_type_id + 0 = ANY(%s)",
        [get_search_backend().config, raw_query, _story_content_types()],
    )


def _story_content_types() -> list[int]:
    from wagtail.search.utils import get_descendants_content_types_pks

    return get_descendants_content_types_pks(ArticlePage)


def _rank_in_postgres(articles: QuerySet, words: list[str]) -> list[tuple]:
    """The first ``MAX_RESULTS`` matches as ``(pk, title, standfirst)``: stories
    with every word in the headline first, then the others, newest first.

    Wagtail's own ordering (``ts_rank`` over every match's body) reads the whole
    text of every matching story: on a big archive a common word costs seconds.
    """
    newest = articles.order_by("-first_published_at", "-pk").values_list(
        "pk", "title", "standfirst"
    )
    # Sequential scans are off for these statements (see ``_matching_ids``).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        rows = list(
            newest.filter(pk__in=_matching_ids(words, headline_only=True))[:MAX_RESULTS]
        )
        if len(rows) < MAX_RESULTS:
            seen = {row[0] for row in rows}
            rows += [
                row
                for row in newest.filter(pk__in=_matching_ids(words))[:MAX_RESULTS]
                if row[0] not in seen
            ]
        # SET LOCAL lasts until the outermost transaction ends: put it back.
        cursor.execute("SET LOCAL enable_seqscan = on")
    return rows[:MAX_RESULTS]


def search_articles(site: Site, query: str) -> list[int]:
    """Ids of the published stories matching every word of ``query`` (or a
    stemmed form of it: "ferries" finds "ferry"), best first, at most
    ``MAX_RESULTS``. Only the few shown on a page are loaded whole."""
    words = searched_words(query)
    if not words:
        return []
    articles = ArticlePage.objects.descendant_of(site.root_page).published()
    if _ranks_in_postgres():
        rows = _rank_in_postgres(articles, words)
    else:
        results = articles.defer_streamfields().search(
            PlainText(" ".join(words), operator="and"), order_by_relevance=True
        )
        rows = [(a.pk, a.title, a.standfirst) for a in results[:MAX_RESULTS]]
    return [row[0] for row in rank_by_headline(rows, query)]


def load_articles(ids: list[int]) -> list[ArticlePage]:
    """The stories ``ids`` in that order, in one query (a page of results)."""
    by_pk = ArticlePage.objects.filter(pk__in=ids).in_bulk()
    return [by_pk[pk] for pk in ids if pk in by_pk]


@dataclass(frozen=True)
class SearchOutcome:
    ids: list[int]  # the matching stories, best first
    searched: str  # the query the results are for: the reader's, or its correction
    corrected: bool = False


def search_forgiving(site: Site, query: str, *, exact: bool = False) -> SearchOutcome:
    """``search_articles``, and when nothing matches, the same search with the
    misspelled words corrected ("Puttin" → "Putin"), if that finds stories.

    Bounded work: one search, then at most one vocabulary lookup per unknown word
    (``MAX_CORRECTED_WORDS``) and one more search. ``exact`` skips the correction
    (the reader's "search instead for" link).
    """
    results = search_articles(site, query)
    if results or exact:
        return SearchOutcome(results, query)
    corrections = correct_spelling(query_words(query))
    if not corrections:
        return SearchOutcome(results, query)
    corrected = re.sub(
        r"\w+", lambda m: corrections.get(m.group().casefold(), m.group()), query
    )
    corrected_results = search_articles(site, corrected)
    if not corrected_results:
        return SearchOutcome(results, query)
    return SearchOutcome(corrected_results, corrected, corrected=True)


def results_cache_key(site: Site, query: str, *, exact: bool) -> str | None:
    """Where ``search_forgiving``'s outcome is kept, or None when it must not be:
    the key holds the site generation and the version of the page cache's
    ``latest`` key, so a publish, a withdrawal or a site-wide purge starts new
    entries (``core.generation``); the old ones age out within a minute."""
    site_generation = generation.current_generation()
    versions = generation.key_versions([LATEST])
    if site_generation is None or versions is None:
        return None  # the shared store does not answer: search, do not keep
    digest = hashlib.blake2b(
        # The front page's id: each language's search has its own results.
        f"{site.pk}\n{site.root_page_id}\n{int(exact)}\n{query}".encode(),
        digest_size=16,
    ).hexdigest()
    return f"masthead:search1:{site_generation}:{versions[LATEST]}:{digest}"


def search_cached(site: Site, query: str, *, exact: bool = False) -> SearchOutcome:
    """``search_forgiving`` through the cache (``results_cache_key``)."""
    key = results_cache_key(site, query, exact=exact)
    if key is not None:
        kept = cache.get(key)
        if isinstance(kept, SearchOutcome):
            return kept
    outcome = search_forgiving(site, query, exact=exact)
    if key is not None:
        cache.set(key, outcome, timeout=RESULTS_CACHE_SECONDS)
    return outcome


# Typo tolerance ---------------------------------------------------------------
# A query word no story holds is matched against the vocabulary of indexed words
# (``SearchWord``): on PostgreSQL with pg_trgm similarity through a trigram index,
# on SQLite (the embedded mode, a small newsroom) with difflib over the most
# frequent words, held in process. Wagtail's own ``Fuzzy`` query is not used: the
# SQLite backend does not support it, and on PostgreSQL it scores every index
# entry's whole text, so its cost grows with the archive.

MAX_QUERY_WORDS = 12
MAX_CORRECTED_WORDS = 6
MIN_CORRECTED_LENGTH = 4  # shorter words have too many plausible neighbours
MAX_WORD_LENGTH = 40
MAX_VOCABULARY = 50_000  # words kept by a rebuild, most frequent first
MAX_IN_PROCESS_VOCABULARY = 20_000  # SQLite: difflib's pool, most frequent first
VOCABULARY_TTL = 300  # seconds another process's new words take to be seen here
TRIGRAM_SIMILARITY = 0.4  # pg_trgm: "puttin"/"putin" 0.62, "helsinky"/"helsinki" 0.64
DIFFLIB_CUTOFF = 0.75  # difflib: "puttin"/"putin" 0.91, "helsinky"/"helsinki" 0.88

WORD_RE = re.compile(r"[^\W\d_]{3,40}")
_in_process: dict = {}


def _indexed_texts(articles):
    """(title, body) plain text of the search index entries of ``articles``."""
    if connection.vendor == "postgresql":  # title/body hold tsvectors there
        fields = ("index_entries__title_text", "index_entries__body_text")
    else:
        fields = ("index_entries__title", "index_entries__body")
    return articles.values_list(*fields).iterator(chunk_size=500)


def refresh_search_words() -> str:
    """Rebuild the vocabulary from the published stories' search index entries:
    each word once, spelled as stories spell it most, the most frequent
    ``MAX_VOCABULARY`` kept. Idempotent; run by the worker and after a demo load."""
    documents: Counter[str] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for title, body in _indexed_texts(ArticlePage.objects.published()):
        seen = set()
        for spelling in WORD_RE.findall(f"{title or ''} {body or ''}"):
            word = spelling.casefold()
            if len(word) <= MAX_WORD_LENGTH:
                spellings[word][spelling] += 1
                seen.add(word)
        documents.update(seen)
    rows = [
        SearchWord(
            word=word, spelling=spellings[word].most_common(1)[0][0], documents=count
        )
        for word, count in documents.most_common(MAX_VOCABULARY)
    ]
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(rows, batch_size=1000)
    _in_process.clear()
    return f"{len(rows)} search words"


def add_search_words(*, article_id: int) -> None:
    """Add the words of one published story to the vocabulary (on publish), so a
    new story's names can be corrected to before the next rebuild."""
    words: dict[str, str] = {}
    articles = ArticlePage.objects.filter(pk=article_id).published()
    for title, body in _indexed_texts(articles):
        for spelling in WORD_RE.findall(f"{title or ''} {body or ''}"):
            if len(spelling.casefold()) <= MAX_WORD_LENGTH:
                words.setdefault(spelling.casefold(), spelling)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, spelling=spelling) for word, spelling in words.items()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    _in_process.clear()


def correct_spelling(words: list[str]) -> dict[str, str]:
    """For each word (casefolded) of at least ``MIN_CORRECTED_LENGTH`` letters that
    no story holds, the closest indexed word as stories spell it; words with no
    close neighbour are left out. Looks at the first ``MAX_CORRECTED_WORDS``."""
    candidates = [
        word
        for word in dict.fromkeys(words)
        if MIN_CORRECTED_LENGTH <= len(word) <= MAX_WORD_LENGTH and word.isalpha()
    ][:MAX_CORRECTED_WORDS]
    if not candidates:
        return {}
    known = set(
        SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True)
    )
    closest = (
        _closest_by_trigrams
        if connection.vendor == "postgresql"
        else _closest_in_process
    )
    corrections = {}
    for word in candidates:
        if word not in known and (spelling := closest(word)):
            corrections[word] = spelling
    return corrections


def _closest_by_trigrams(word: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT spelling FROM search_searchword"
            " WHERE word %% %s AND similarity(word, %s) >= %s"
            " ORDER BY similarity(word, %s) DESC, documents DESC, word LIMIT 1",
            [word, word, TRIGRAM_SIMILARITY, word],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _closest_in_process(word: str) -> str | None:
    if _in_process.get("expires", 0) < time.monotonic():
        by_length: defaultdict[int, list[str]] = defaultdict(list)
        spellings = {}
        rows = SearchWord.objects.order_by("-documents", "word").values_list(
            "word", "spelling"
        )
        for known, spelling in rows[:MAX_IN_PROCESS_VOCABULARY]:
            by_length[len(known)].append(known)
            spellings[known] = spelling
        _in_process.update(
            by_length=by_length,
            spellings=spellings,
            expires=time.monotonic() + VOCABULARY_TTL,
        )
    by_length = _in_process["by_length"]
    # An edit or two changes the length by at most two.
    pool = [
        known
        for length in range(len(word) - 2, len(word) + 3)
        for known in by_length.get(length, ())
    ]
    # difflib.get_close_matches, keeping the first (most frequent) of equal scores.
    matcher = difflib.SequenceMatcher(b=word)
    best, best_score = None, DIFFLIB_CUTOFF
    for known in pool:
        matcher.set_seq1(known)
        if matcher.real_quick_ratio() < best_score:
            continue
        if matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score > best_score or (best is None and score == best_score):
            best, best_score = known, score
    return _in_process["spellings"][best] if best else None


def _word_start(word: str) -> str:
    """The first letters of a query word, enough to find the forms stemming
    matched ("ferries" → "ferr" finds "ferry"); short words are kept whole."""
    return word[: max(4, len(word) - 3)]


def highlight(text: str, query: str, *, width: int = 240) -> str:
    """An escaped excerpt of ``text`` around the first matched word, with the
    query's words (and their other forms: "ferry" for "ferries") wrapped in
    ``<mark>``. Safe to mark safe."""
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
    if not text:
        return ""
    # Query words are \w+, which HTML escaping leaves alone: the same pattern
    # serves the raw text and the escaped excerpt.
    pattern = None
    if words:
        pattern = re.compile(
            # Not right after "&" or "#": never inside an entity such as &amp;.
            "(?<![&#])("
            + "|".join(re.escape(_word_start(w)) + r"\w*" for w in words)
            + ")",
            re.IGNORECASE,
        )
    start = 0
    if pattern is not None:
        found = pattern.search(text)
        if found and found.start() > width // 2:
            start = text.rfind(" ", 0, found.start() - width // 3) + 1
    excerpt = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    html: str = escape(excerpt)
    if pattern is not None:
        html = pattern.sub(r"<mark>\1</mark>", html)
    return prefix + html + suffix


def article_text(article: ArticlePage, query: str = "") -> str:
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
        found = [word for word in words if _word_start(word) in text.casefold()]
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


def find_related_articles(
    article: ArticlePage, *, count: int = RELATED_COUNT, now: datetime | None = None
) -> list[ArticlePage]:
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
