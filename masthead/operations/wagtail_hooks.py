import json

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser


# h-headers (issue 17): starts the choosers and panels whose inline scripts the
# admin's Content-Security-Policy refuses (templates/wagtailadmin/ overrides).
@hooks.register("insert_global_admin_js")
def start_admin_widgets_without_inline_scripts():
    return format_html(
        '<script defer src="{}"></script>', static("operations/admin-csp.js")
    )


# Issue 17 follow-up: words typed just before a save, or in the first two seconds
# after the editor opens, were left out of drafts and autosaves.
@hooks.register("insert_global_admin_js")
def keep_typed_words_in_saves():
    return format_html(
        '<script defer src="{}"></script>', static("operations/admin-edits.js")
    )


# Choosers that start with their own function rather than ``new <js_constructor>``:
# the marker names the starter in operations/admin-csp.js.
OWN_STARTERS = {AdminTaskChooser: "task-chooser"}


def _render_chooser_with_marker(self, name, value, attrs=None, renderer=None):
    """``BaseChooser.render`` with a ``data-mh-init`` marker where Wagtail writes
    ``<script>new ImageChooser(id, options);</script>`` (or, for the workflow task
    chooser, ``createTaskChooser(id)``): the same start-up, run by
    operations/admin-csp.js (issue 17)."""
    starter = OWN_STARTERS.get(type(self))
    if starter is None and type(self).render_js_init is not BaseChooser.render_js_init:
        # A chooser with start-up code of its own not known here: as Wagtail
        # writes it (the admin CSP browser test reports its inline script).
        return _wagtail_render_chooser(self, name, value, attrs, renderer)
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as exc:
        raise TypeError(
            "BaseChooser cannot be rendered without an 'id' attribute"
        ) from exc
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    if starter is not None:
        return widget_html + format_html(
            '<span hidden data-mh-init="{}" data-mh-target="{}"></span>', starter, id_
        )
    options = self.get_js_init_options(id_, name, value_data)
    return widget_html + format_html(
        '<span hidden data-mh-init="chooser" data-mh-constructor="{}" '
        'data-mh-target="{}" data-mh-options="{}"></span>',
        self.js_constructor,
        id_,
        json.dumps(options),
    )


_wagtail_render_chooser = BaseChooser.render
BaseChooser.render = _render_chooser_with_marker
