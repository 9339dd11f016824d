"""The vocabulary typo correction works from: every word of the published stories."""

from django.db import models


class SearchWord(models.Model):
    """A word readers can find, casefolded, with the spelling stories use most.

    Rebuilt from the search index by ``services.refresh_search_words`` and added to
    on publish; a word whose story went away lingers until the next rebuild, which
    is harmless: a correction is only offered when it finds stories.
    """

    word = models.CharField(max_length=40, primary_key=True)
    spelling = models.CharField(max_length=40)
    documents = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "search word"

    def __str__(self):
        return self.spelling
