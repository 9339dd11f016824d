"""Build the demo newsroom: site, sections, people, the reference article, stories.

Every builder finds what is already there before creating anything, so running the
demo twice on one data directory keeps the content and duplicates nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from masthead.articles import services as articles
from masthead.articles.blocks import paragraph_from_text
from masthead.core.services import apply_base_url_to_site
from masthead.home.models import FrontPageStory, HomePage
from masthead.images.services import create_image
from masthead.ingest.parsers import ParsedSource, decode_text, parse_scraped_text
from masthead.ingest.saving import import_parsed_article
from masthead.people.models import Person
from masthead.people.services import find_or_create_person
from masthead.sections.models import SectionPage
from masthead.sections.services import get_or_create_section

from . import content, translations
from .pictures import make_illustration, make_stand_in_picture

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_TEXT = DATA_DIR / "seed-page.txt"
REFERENCE_SOURCE = DATA_DIR / "seed-page.source.json"
REFERENCE_ID = "reference:seed-page"  # the id in REFERENCE_SOURCE
STAND_IN_NOTE = "Stand-in image: the original photo is not reproduced."


def ensure_home() -> HomePage:
    """The site's front page, replacing Wagtail's empty welcome page on first run."""
    # The default language's front page: the first made (translations come later).
    home = HomePage.objects.order_by("path").first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="front-page"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    old_root_id = site.root_page_id
    site.root_page = home
    site.site_name = content.SITE_NAME
    site.save()
    apply_base_url_to_site()  # MASTHEAD_BASE_URL, as migrate does
    welcome = Page.objects.filter(pk=old_root_id).first()
    # Only Wagtail's stock welcome page (plain Page, no children) is removed.
    if welcome and welcome.specific_class is Page and welcome.get_children_count() == 0:
        welcome.delete()
    return home


def ensure_sections(home: HomePage) -> dict[str, SectionPage]:
    return {
        slug: get_or_create_section(parent=home, slug=slug, title=title, intro=intro)
        for slug, title, intro in content.SECTIONS
    }


def ensure_people() -> dict[str, Person]:
    return {
        name: find_or_create_person(name=name, role=role)
        for name, role in content.PEOPLE
    }


def load_reference_article(section: SectionPage, *, published_at) -> tuple[bool, str]:
    """Import ``seed-page.txt`` through the real ingest path, with stand-in photos."""
    source = json.loads(REFERENCE_SOURCE.read_text(encoding="utf-8"))
    if articles.find_article_by_source_id(source["id"]):
        return False, "reference article already loaded"
    parsed = parse_scraped_text(
        decode_text(REFERENCE_TEXT.read_bytes()),
        source=ParsedSource(name=source["name"], url=source["url"], id=source["id"]),
    )
    images = []
    figures = []
    for index, figure in enumerate(parsed.figures, start=1):
        caption = f"{figure.caption} ({STAND_IN_NOTE})".strip()
        figures.append(replace(figure, caption=caption))
        images.append(
            create_image(
                title=f"Stand-in for photo {index}: {figure.credit}",
                filename=f"stand-in-{index}.jpg",
                content=make_stand_in_picture(figure.credit),
                # No alt of its own: the figure's alt, or else its caption (which
                # says it is a stand-in), is what a reader hears.
                alt="",
                credit=figure.credit,
                caption=caption,
            )
        )
    article = import_parsed_article(
        replace(parsed, figures=figures, published=source["published"]),
        section=section,
        images=images,
        publish=True,
        first_published_at=published_at,
        tags=["Russia", "United States"],
    )
    return True, f"reference article: {article.url_path}"


def ensure_front_page_lead(home: HomePage, lead) -> str:
    """Make ``lead`` the front page's curated lead, unless editors have picked
    stories already (theirs are kept)."""
    if home.picks.exists():
        return "front page picks present"
    home = HomePage.objects.get(pk=home.pk)  # the live row, not a stale copy
    home.picks = [FrontPageStory(story=lead)]
    home.save_revision().publish()
    return f"front page lead: {lead.title}"


def load_demo_stories(
    sections: dict[str, SectionPage], people: dict[str, Person], *, now
) -> int:
    created = 0
    for (
        section_slug,
        author,
        hours,
        headline,
        standfirst,
        caption,
        paras,
        tags,
    ) in content.STORIES:
        source_id = f"demo:{section_slug}:{headline}"
        if articles.find_article_by_source_id(source_id):
            continue
        picture = make_illustration(headline, content.PALETTES[section_slug])
        image = create_image(
            title=headline,
            filename=f"demo-{section_slug}-{hours}.jpg",
            content=picture,
            alt="Abstract illustration in the section's colours",
            credit="Masthead demo illustration",
            caption=caption,
        )
        articles.create_article(
            section=sections[section_slug],
            headline=headline,
            standfirst=standfirst,
            body=[("paragraph", paragraph_from_text(text)) for text in paras],
            lead_image=image,
            authors=[people[author]],
            tags=tags,
            source_id=source_id,
            publish=True,
            first_published_at=now - timedelta(hours=hours),
        )
        created += 1
    return created


@transaction.atomic
def load_demo() -> list[str]:
    """Load everything; returns one line per thing done, for the command to print."""
    now = timezone.now()
    home = ensure_home()
    sections = ensure_sections(home)
    people = ensure_people()
    report = []
    loaded, message = load_reference_article(sections["world"], published_at=now)
    report.append(message)
    count = load_demo_stories(sections, people, now=now)
    report.append(f"{count} demo stories created" if count else "demo stories present")
    reference = articles.find_article_by_source_id(REFERENCE_ID)
    report.append(ensure_front_page_lead(home, reference))
    # h-i18n (issue 20): the reference article in Arabic, right to left, at /ar/.
    report.append(translations.ensure_arabic_reference(reference))
    return report
