from django.http import HttpResponseRedirect
from wagtail import hooks
from wagtail.models import Locale

from . import services


@hooks.register("before_serve_page")
def send_to_page_in_its_own_language(page, request, serve_args, serve_kwargs):
    """Under /ar/ without an Arabic front page, Wagtail routes through the
    default language's pages; the reader is sent to the page's own URL instead
    of an English story dressed as Arabic (issue 20)."""
    language = services.language_from_path(request.path_info)
    if language is None:
        return None
    try:
        wanted = Locale.objects.get_for_language(language)
    except (Locale.DoesNotExist, LookupError):
        wanted = None  # no page at all in that language yet
    if wanted is not None and page.locale_id == wanted.pk:
        return None
    url = page.get_url(request)
    if url and url != request.path_info:
        return HttpResponseRedirect(url)
    return None
