"""The request's language, from its URL prefix alone.

Django's ``LocaleMiddleware`` also reads the browser's Accept-Language and a
cookie, and marks every unprefixed response ``Vary: Accept-Language``, which the
page cache (rightly) refuses to store. Here a URL names its language: ``/ar/...``
is Arabic for every reader, everything else is the site's default language.

The endpoints a page's scripts call (``/accounts/``, ``/contact/``, ``/comments/``,
``/fragments/``...) live outside the prefixes; their URL names the language with
``?lang=ar`` instead, which the page cache keys on like the path.
"""

from django.conf import settings
from django.utils import translation

from . import services


class LanguageFromPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.script_prefixes = services.script_endpoint_prefixes()

    def __call__(self, request):
        language = services.language_from_path(request.path_info)
        chosen = language
        if chosen is None and request.path_info.startswith(self.script_prefixes):
            chosen = services.language_from_query(request.GET.get("lang"))
        translation.activate(chosen or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if chosen and not language:
            # Chosen by ?lang= (the page's language): say so, as LocaleMiddleware would.
            response.headers.setdefault("Content-Language", chosen)
        if (
            response.status_code == 404
            and language
            and request.method
            in (
                "GET",
                "HEAD",
            )
        ):
            # A story without a translation in this language: the reader gets the
            # default language's page rather than a dead end (issue 20).
            fallback = services.fallback_url(request, language)
            if fallback:
                response = services.redirect_to_fallback(fallback)
        return response
