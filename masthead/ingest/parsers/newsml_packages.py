"""NewsML-G2 ``packageItem``: an agency's story as a package of items.

A package lists, in ``groupSet`` groups of ``itemRef`` elements, the news items it
is made of: a text, its pictures, sometimes graphics. The items are sent in the
same ``newsMessage`` (or are already known by their GUID). One package becomes
one story: its first text item, with every picture the package (or that text)
refers to. The package's embargo holds for the whole story, and so does the
text's: the later of the two wins. A cancelled package gives nothing.
Written from the IPTC NewsML-G2 specification (2.x, "Packages"). Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element

from .feed import FeedItem
from .parsed import ParsedFigure

NAR = "{http://iptc.org/std/nar/2006-10-01/}"


@dataclass(frozen=True)
class PackageRef:
    """One ``itemRef``: the item it points at and what kind of item it is."""

    guid: str
    item_class: str


def read_package_refs(package: Element) -> list[PackageRef]:
    """The package's item references in reading order: from the root group,
    through each ``groupRef`` once (a loop of groups is read once)."""
    groups = {g.get("id", ""): g for g in package.iter(f"{NAR}group")}
    group_set = package.find(f"{NAR}groupSet")
    root_id = group_set.get("root", "") if group_set is not None else ""
    order = [root_id] if root_id in groups else list(groups)
    refs: list[PackageRef] = []
    seen: set[str] = set()

    def walk(group_id: str) -> None:
        if group_id in seen or group_id not in groups:
            return
        seen.add(group_id)
        for child in groups[group_id]:
            if child.tag == f"{NAR}itemRef":
                guid = child.get("residref") or child.get("href") or ""
                item_class = child.find(f"{NAR}itemClass")
                qcode = item_class.get("qcode", "") if item_class is not None else ""
                if guid:
                    refs.append(PackageRef(guid, qcode))
            elif child.tag == f"{NAR}groupRef":
                walk(child.get("idref", ""))

    for group_id in order:
        walk(group_id)
    for group_id in groups:  # groups no other group reaches, in document order
        walk(group_id)
    return refs


def is_cancelled(item: Element) -> bool:
    status = item.find(f"{NAR}itemMeta/{NAR}pubStatus")
    return status is not None and status.get("qcode", "").endswith("canceled")


def embargo_of(item: Element) -> str:
    return "".join(item.findtext(f"{NAR}itemMeta/{NAR}embargoed") or "").strip()


def iter_package_stories(
    packages: list[Element],
    texts: dict[str, Element],
    figures: dict[str, ParsedFigure],
    *,
    build: Callable[[Element, list[ParsedFigure]], FeedItem],
    read_references: Callable[[Element], list[str]],
    later: Callable[[str | None, str | None], str | None],
) -> Iterator[tuple[FeedItem | None, set[str]]]:
    """For each package: ``(story or None, GUIDs of the text items it used)``.

    ``build`` makes a story of a text item and its pictures; ``later`` picks the
    later of two ISO embargo times. A package whose text is not in the document
    gives None (its items may arrive on their own).
    """
    for package in packages:
        refs = read_package_refs(package)
        used = {r.guid for r in refs if r.guid in texts}
        if is_cancelled(package):
            yield None, used
            continue
        text_guids = [r.guid for r in refs if r.guid in texts]
        if not text_guids:
            yield None, set()
            continue
        main = texts[text_guids[0]]
        pictures = [figures[r.guid] for r in refs if r.guid in figures]
        pictures += [
            figures[ref]
            for ref in read_references(main)
            if ref in figures and figures[ref] not in pictures
        ]
        story = build(main, pictures)
        package_guid = package.get("guid", "") or story.guid
        headline = story.parsed.headline or " ".join(
            "".join(package.findtext(f"{NAR}contentMeta/{NAR}headline") or "").split()
        )
        story = replace(
            story,
            guid=package_guid,
            parsed=replace(story.parsed, headline=headline),
            embargo=later(story.embargo, embargo_of(package) or None),
        )
        # Only the main text is used up: other texts in the package (a sidebar,
        # a factbox) are stories of their own.
        yield story, {text_guids[0]}
