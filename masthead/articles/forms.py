"""The article editor's form: who may add hand-written HTML to a story."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError

from .blocks import HTML_BLOCK_PERMISSION


class ArticlePageForm(WagtailAdminPageForm):
    """Refuses an HTML block added or changed by someone without
    ``articles.use_html_block`` (granted to Editors and Admins).

    An HTML block already on the story, left as it is, does not stop such a
    person (a contributor fixing a typo) from saving.
    """

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        user = self.for_user
        if body is None or user is None or user.has_perm(HTML_BLOCK_PERMISSION):
            return cleaned
        existing = {
            str(block.value)
            for block in (self.instance.body if self.instance.pk else [])
            if block.block_type == "html"
        }
        refused = {
            index: ValidationError(
                "Only editors can add or change an HTML block. Remove it, or ask "
                "an editor to add it."
            )
            for index, block in enumerate(body)
            if block.block_type == "html" and str(block.value) not in existing
        }
        if refused:
            self.add_error("body", StreamBlockValidationError(block_errors=refused))
        return cleaned
