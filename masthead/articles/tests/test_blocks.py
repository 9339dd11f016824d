import re

import pytest
from django.core.exceptions import ValidationError
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


def render_raw(block_type, raw):
    """Render a block from its stored (JSON) form, as a page read from the DB does."""
    child = ArticleBodyBlock().child_blocks[block_type]
    return str(child.render(child.to_python(raw)))


def clean(block_type, raw):
    child = ArticleBodyBlock().child_blocks[block_type]
    return child.clean(child.to_python(raw))


def test_paragraph_lists_render_as_html_lists():
    html = render_raw(
        "paragraph", "<ul><li>Ferries</li><li>Buses</li></ul><ol><li>One</li></ol>"
    )
    assert "<ul><li>Ferries</li><li>Buses</li></ul>" in html
    assert "<ol><li>One</li></ol>" in html


TABLE = {
    "table": {
        "caption": "Ferry passengers by year",
        "columns": [
            {"type": "text", "heading": "Year"},
            {"type": "number", "heading": "Passengers"},
        ],
        "rows": [{"values": ["2024", "1,204"]}, {"values": ["2025", "1,310"]}],
    },
    "first_column_is_header": True,
    "source": "Harbour authority",
}


def test_table_has_a_caption_column_headers_and_row_headers():
    html = render_raw("table", TABLE)
    assert "<caption>Ferry passengers by year</caption>" in html
    assert '<th scope="col">Year</th>' in html
    assert '<th scope="col" class="data-table__number">Passengers</th>' in html
    assert '<th scope="row">2024</th>' in html
    assert '<td class="data-table__number">1,310</td>' in html
    assert "Source: Harbour authority" in html
    assert 'role="region" tabindex="0" aria-label="Ferry passengers by year"' in html


def test_table_without_row_headers_uses_plain_cells():
    html = render_raw("table", {**TABLE, "first_column_is_header": False})
    assert 'scope="row"' not in html and "<td>2024</td>" in html


EMBED = {
    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "title": "The minister's statement",
    "caption": "The statement in full.",
}


def test_embed_renders_a_placeholder_without_third_party_script_or_iframe():
    html = render_raw("embed", EMBED)
    assert "<iframe" not in html
    assert "<script" not in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "The minister&#x27;s statement" in html
    assert "Load content from YouTube</button>" in html
    assert "may set cookies" in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "Watch on YouTube" in html
    assert "The statement in full." in html


def test_embed_from_an_unknown_provider_is_refused_with_the_known_ones():
    with pytest.raises(ValidationError) as refused:
        clean("embed", {**EMBED, "url": "https://www.facebook.com/watch/?v=123"})
    message = " ".join(refused.value.block_errors["url"].messages)
    assert "not a video, post or map from a known provider" in message
    for name in ("YouTube", "Vimeo", "X (Twitter)", "Instagram", "Bluesky"):
        assert name in message
    assert "Mastodon" in message and "OpenStreetMap" in message


def test_embed_from_a_known_provider_is_accepted():
    value = clean("embed", {**EMBED, "url": "https://mastodon.social/@news/1234"})
    assert value["url"] == "https://mastodon.social/@news/1234"


def make_document(name, content=b"ID3\x03\x00fake audio"):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=f"Document {name}", file=ContentFile(content, name=name)
    )


def media_value(document, **fields):
    return {
        "file": document.pk,
        "title": "",
        "caption": "",
        "credit": "",
        "transcript": "",
        **fields,
    }


def test_audio_file_renders_an_audio_player_with_caption_credit_and_transcript():
    document = make_document("harbour-interview.mp3")
    html = render_raw(
        "media",
        media_value(
            document,
            caption="The harbour master on the storm",
            credit="Courier audio",
            transcript="It was the worst night in years.\n\nWe stayed in port.",
        ),
    )
    assert '<audio controls preload="metadata">' in html
    assert f'<source src="{document.url}" type="audio/mpeg">' in html
    assert "The harbour master on the storm" in html
    assert "Audio: Courier audio" in html
    assert "<summary>Transcript</summary>" in html
    assert "<p>We stayed in port.</p>" in html
    assert "Document harbour-interview.mp3" in html  # the document's title


def test_video_file_renders_a_video_player_that_loads_only_metadata():
    html = render_raw("media", media_value(make_document("storm.webm"), title="Storm"))
    assert '<video controls preload="metadata" playsinline>' in html
    assert 'type="video/webm"' in html
    assert '<p class="media-file__title">Storm</p>' in html


@pytest.mark.parametrize("name", ["report.pdf", "figures.csv", "clip.mov", "noext"])
def test_a_file_that_is_not_audio_or_video_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        clean("media", media_value(make_document(name)))
    message = " ".join(refused.value.block_errors["file"].messages)
    assert f"'{name}' is not an audio or video file" in message
    assert "mp3, m4a, ogg, oga, wav, mp4, webm, ogv" in message


@pytest.mark.parametrize(
    "name", ["a.mp3", "b.M4A", "c.ogg", "d.oga", "e.wav", "f.mp4", "g.webm", "h.ogv"]
)
def test_audio_and_video_files_are_accepted(name):
    value = clean("media", media_value(make_document(name)))
    assert value["file"].file.name.endswith(name.split(".")[-1])


def test_an_article_with_every_format_loads_nothing_from_third_parties(
    make_article, client
):
    document = make_document("interview.mp3")
    raw = [
        ("paragraph", "<ul><li>Ferries</li></ul>"),
        ("table", TABLE),
        ("embed", EMBED),
        ("embed", {**EMBED, "url": "https://x.com/news/status/123"}),
        ("media", media_value(document)),
        ("html", "<p>Chart</p><script src='https://cdn.example/x.js'></script>"),
    ]
    # Stored (JSON) form, as the editor saves it.
    body = ArticleBodyBlock().to_python(
        [{"type": kind, "value": value} for kind, value in raw]
    )
    article = make_article(body=[(block.block_type, block.value) for block in body])
    html = client.get(article.url).content.decode()
    assert "<iframe" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        src = re.search(r'src="([^"]*)"', tag)
        assert src is None or src.group(1).startswith("/"), tag
    for src in re.findall(r'<(?:img|audio|video|source)[^>]* src="([^"]*)"', html):
        assert src.startswith("/"), src
    assert html.count('data-embed-src="https://') == 2
    assert '<script defer src="/static/articles/embeds.js">' in html
    assert "<li>Ferries</li>" in html and "<caption>" in html
    assert '<audio controls preload="metadata">' in html


def test_a_figure_waiting_for_its_imported_picture_can_be_saved():
    """Ingest saves a figure whose picture is still being fetched with its caption
    and credit and no image; an editor saving the story meanwhile is not blocked."""
    from masthead.articles.blocks import FigureBlock

    block = FigureBlock()
    value = block.to_python(
        {"image": None, "caption": "Crowds at the bridge", "credit": "AP", "alt": ""}
    )
    assert block.clean(value)["caption"] == "Crowds at the bridge"


def test_an_empty_figure_asks_for_a_photo():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from masthead.articles.blocks import FigureBlock

    block = FigureBlock()
    value = block.to_python({"image": None, "caption": "", "credit": "", "alt": ""})
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    assert "Choose a photo" in str(raised.value.block_errors["image"])
