import pytest
from django.utils.safestring import SafeString

from masthead.articles.blocks import ArticleBodyBlock, paragraph_from_text

pytestmark = pytest.mark.django_db


def render(block_type, value):
    stream = ArticleBodyBlock()
    child = stream.child_blocks[block_type]
    return str(child.render(child.to_python(child.get_prep_value(value))))


def test_quote_block_renders_blockquote_with_cited_speaker_and_role():
    html = render(
        "quote",
        {
            "text": "Very, very briefly",
            "speaker": "Sarah Sanders",
            "role": "Press secretary",
        },
    )
    assert "<blockquote><p>Very, very briefly</p></blockquote>" in html
    assert "<cite>Sarah Sanders</cite>, Press secretary" in html


def test_post_block_renders_quoted_post_without_third_party_script():
    html = render(
        "post",
        {
            "text": "Had a long call",
            "author": "the US president",
            "handle": "",
            "platform": "",
            "posted": "",
            "url": "",
        },
    )
    assert "<blockquote><p>Had a long call</p></blockquote>" in html
    assert "<cite>the US president</cite>" in html
    assert "<script" not in html


def test_figure_block_uses_image_fields_unless_overridden(make_image):
    image = make_image(
        alt="Alt from image", credit="Wire/Photographer", caption="Caption from image"
    )
    html = render("figure", {"image": image, "caption": "", "credit": "", "alt": ""})
    assert 'alt="Alt from image"' in html
    assert '<span class="figure__caption">Caption from image</span>' in html
    assert "Image copyright Wire/Photographer" in html
    html = render(
        "figure",
        {
            "image": image,
            "caption": "Edited caption",
            "credit": "Other/Credit",
            "alt": "Edited alt",
        },
    )
    assert 'alt="Edited alt"' in html
    assert "Edited caption" in html and "Image copyright Other/Credit" in html
    assert "<picture>" in html and "srcset=" in html


def test_paragraph_from_text_escapes_markup():
    value = paragraph_from_text("  a < b & <em>c</em> ")
    assert value.source == "<p>a &lt; b &amp; &lt;em&gt;c&lt;/em&gt;</p>"
    assert not isinstance(value.source, SafeString)
