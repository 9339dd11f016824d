from wagtail import hooks

from . import surrogates


@hooks.register("before_serve_page")
def record_served_page(page, request, serve_args, serve_kwargs):
    """The response is this page: it depends on ``served:<id>`` and ``page:<id>``
    (``surrogates``), not on the ``latest`` lists of unclassified responses."""
    surrogates.record(surrogates.served_key(page.pk), surrogates.page_key(page.pk))
