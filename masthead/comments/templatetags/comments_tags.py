from django import template

from ..text import render_comment_html

register = template.Library()


@register.filter
def comment_html(text: str):
    """A comment's text as escaped paragraphs with plain links (comments.text)."""
    return render_comment_html(text)
