"""A published story is indexed again once committed (with the rows saved with
it), and its words join the typo-correction vocabulary."""

from django.db import transaction


def add_words_of_published_page(sender, instance, **kwargs):
    from wagtail.search.index import insert_or_update_object

    from masthead.articles.models import ArticlePage

    from . import services

    # Every kind of story (a live blog is an ArticlePage too); the signal's sender
    # is the page's own class.
    if not isinstance(instance, ArticlePage):
        return

    def index_and_learn_words():
        # Wagtail indexes a page as it saves it, before the rows saved with it
        # (a live blog's entries, the byline, tags) are written: index it again
        # now they are. The words are then read from that index entry.
        insert_or_update_object(type(instance).objects.get(pk=instance.pk))
        services.add_search_words(article_id=instance.pk)

    transaction.on_commit(index_and_learn_words, robust=True)


def register_signal_handlers():
    from wagtail.signals import page_published

    page_published.connect(
        add_words_of_published_page, dispatch_uid="search-words-on-publish"
    )
