"""Languages: which language a URL is in, a story's translations, fallbacks.

The default language (``LANGUAGE_CODE``) keeps the unprefixed URLs; every other
language in ``LANGUAGES`` lives under ``/<code>/``, below its own front page (a
translation of the site's front page, as Wagtail's localisation makes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.translation import get_language_info

from masthead.core import sitecache

_PREFIX = re.compile(r"^/([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})?)(?:/|$)")
# Scripts written right to left; Django's own table knows only some codes.
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"}


@dataclass(frozen=True)
class Alternate:
    """One language version of a page: ``hreflang`` code, name, URL."""

    language: str
    name: str
    url: str  # absolute, for hreflang
    href: str = ""  # as links on this site give it (relative on one site)
    is_current: bool = False


def prefixed_languages() -> set[str]:
    """The languages that live under a URL prefix: all but the default."""
    return {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


def language_from_path(path: str) -> str | None:
    """The non-default language a path's first segment names, or None."""
    match = _PREFIX.match(path)
    if match is None:
        return None
    code = match.group(1).lower()
    return code if code in prefixed_languages() else None


def script_endpoint_prefixes() -> tuple[str, ...]:
    """Where the page's scripts call (and its no-script forms post): outside any
    language prefix, so they take the page's language from ``?lang=``. The
    uncached prefixes but the admin, and the cached fragments."""
    return (
        *(
            prefix
            for prefix in settings.MASTHEAD_UNCACHED_PREFIXES
            if prefix != settings.MASTHEAD_ADMIN_PREFIX
        ),
        settings.MASTHEAD_FRAGMENTS_PREFIX,
    )


def language_from_query(value: str | None) -> str | None:
    """A ``lang`` query value that names one of ``LANGUAGES`` ("ar", "en-GB" as
    ``<html lang>`` gives it), as its code there; anything else is None."""
    if not value or len(value) > 16:
        return None
    code = value.strip().lower().replace("_", "-")
    return code if code in {c for c, _name in settings.LANGUAGES} else None


def with_language(url: str, language: str | None = None) -> str:
    """``url`` (a script endpoint) with ``?lang=`` naming the active language,
    so it answers in the page's language; unchanged in the default language,
    so default-language pages and their cache entries stay as they were."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return url
    url, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({'lang': language})}{hash_mark}{fragment}"


def active_language_tag() -> str:
    """The active language as a BCP 47 tag ("en-GB", "ar"), for ``lang``
    attributes and feeds."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    first, *rest = language.split("-")
    return "-".join([first, *(part.upper() for part in rest)])


def is_rtl(language_code: str) -> bool:
    base = language_code.split("-")[0].lower()
    try:
        return bool(get_language_info(base)["bidi"]) or base in RTL_LANGUAGES
    except KeyError:
        return base in RTL_LANGUAGES


def language_name(language_code: str) -> str:
    """The language's name in itself ("العربية"), for switchers: as
    ``LANGUAGES`` names it, else as Django does."""
    names = dict(settings.LANGUAGES)
    if names.get(language_code, language_code) != language_code:
        return names[language_code]
    try:
        return get_language_info(language_code)["name_local"]
    except KeyError:
        return language_code


def install_remembered_locales() -> None:
    """Remember Wagtail's locale rows per site generation (``core.sitecache``).

    With localisation on, Wagtail looks up the active locale to route every page
    (``Locale.get_active``): a query per request for a row editors almost never
    change. Locale is registered as shown on pages, so a change bumps the
    generation and the remembered rows are read again. Idempotent.
    """
    from wagtail.models.i18n import LocaleManager

    if getattr(LocaleManager.get_for_language, "_remembered", False):
        return
    original = LocaleManager.get_for_language

    def get_for_language(self, language_code):
        def find():
            try:
                return original(self, language_code)
            except self.model.DoesNotExist:
                return None

        locale = sitecache.remember(("locale", language_code), find)
        if locale is None:
            raise self.model.DoesNotExist(f"No locale for {language_code!r}")
        return locale

    get_for_language._remembered = True  # type: ignore[attr-defined]
    LocaleManager.get_for_language = get_for_language


def front_page_alternates(request) -> list[Alternate]:
    """The site's front page in each language (from the site root paths Wagtail
    and ``core.sitecache`` already hold: no query)."""
    site = getattr(request, "_wagtail_site", None)
    root_paths = getattr(request, "_wagtail_cached_site_root_paths", None)
    if site is None or not root_paths:
        return []
    names = dict(settings.LANGUAGES)
    current = translation.get_language()
    alternates = []
    for root in root_paths:
        if root.site_id != site.pk or root.language_code not in names:
            continue
        with translation.override(root.language_code):
            from django.urls import reverse

            url = reverse("wagtail_serve", args=("",))
        alternates.append(
            Alternate(
                language=root.language_code,
                name=language_name(root.language_code),
                url=root.root_url + url,
                href=url,
                is_current=root.language_code == current,
            )
        )
    return _in_settings_order(alternates)


def has_several_locales() -> bool:
    """More than one locale exists (remembered per site generation): a site in
    one language spends no query looking for translations."""
    from wagtail.models import Locale

    return sitecache.remember(("locale-count",), Locale.objects.count) > 1


def page_alternates(page, request=None) -> list[Alternate]:
    """The live translations of ``page`` (itself included), in the order of
    ``LANGUAGES``; empty when it has none. One query, none on a site with a
    single locale."""
    from wagtail.models import Page

    if not has_several_locales():
        return []
    names = dict(settings.LANGUAGES)
    translations = (
        Page.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
    )
    alternates = []
    for other in translations:
        code = other.locale.language_code
        url = other.get_full_url(request) if code in names else None
        if url:
            alternates.append(
                Alternate(
                    language=code,
                    name=language_name(code),
                    url=url,
                    href=other.get_url(request) or url,
                    is_current=other.pk == page.pk,
                )
            )
    return _in_settings_order(alternates) if len(alternates) > 1 else []


def _in_settings_order(alternates: list[Alternate]) -> list[Alternate]:
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(alternates, key=lambda a: order.index(a.language))


def fallback_url(request, language: str) -> str | None:
    """Where a 404 under ``/<language>/`` should send the reader: the page's
    translation in that language if it lives elsewhere, else the page in the
    default language. None when no live page answers the unprefixed path."""
    from django.http import Http404
    from wagtail.models import Locale, Site

    rest = request.path_info[len(language) + 1 :] or "/"
    with translation.override(settings.LANGUAGE_CODE):
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [part for part in rest.split("/") if part]
        try:
            page = site.root_page.specific.route(request, components)[0]
        except Http404:
            return None
        if not page.live:
            return None
        try:
            wanted = Locale.objects.get_for_language(language)
        except (Locale.DoesNotExist, LookupError):
            wanted = None
        translated = page.get_translation_or_none(wanted) if wanted else None
        if translated is not None and translated.live:
            url = translated.get_url(request)
        else:
            url = page.get_url(request)
    if not url or url.rstrip("/") == request.path_info.rstrip("/"):
        return None
    return url


def redirect_to_fallback(url: str) -> HttpResponseRedirect:
    """A temporary redirect: the translation may be published later."""
    return HttpResponseRedirect(url)


def language_root() -> str:
    """The front page's path in the active language: "/" or "/ar/"."""
    from django.urls import reverse

    return reverse("wagtail_serve", args=("",))


def localized_site(site):
    """``site`` as seen in the active language: a copy whose ``root_page`` is
    that language's front page (the site itself when there is none). The site
    may be the process's remembered one (``core.sitecache``): never changed."""
    import copy

    root = site.root_page.localized
    if root.pk == site.root_page_id:
        return site
    seen = copy.copy(site)
    seen.root_page = root.specific
    return seen


def translate_page(page, language_code: str, **fields):
    """Publish a translation of ``page`` into ``language_code`` with ``fields``
    changed (title, standfirst, body...), making the locale and the translated
    parents (front page, section) as Wagtail's "Translate" does. Idempotent: an
    existing translation is updated and republished. Returns the translation."""
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    page = page.specific
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    # Parents copied for the translation start as drafts: publish them too.
    for ancestor in translated.get_ancestors().filter(depth__gt=1, live=False):
        ancestor.specific.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)  # its URL as saved


def crawl_roots(request) -> list[str]:
    """The front-page path of each language the site has a front page in
    ("/", "/ar/"): robots.txt lists each language's sitemaps and keeps
    crawlers out of each language's search."""
    roots = [
        urlsplit(alternate.url).path for alternate in front_page_alternates(request)
    ]
    return roots or ["/"]
