"""Sitemap XML (sitemaps.org 0.9, Google image and news extensions), built from plain
values with ElementTree so every text is escaped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree import ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class SitemapImage:
    url: str
    caption: str = ""  # kept for readers; Google ignores image:caption since 2022


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None
    images: list[SitemapImage] = field(default_factory=list)
    title: str = ""
    published: datetime | None = None


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def build_sitemap_index(entries: Iterable[tuple[str, datetime | None]]) -> bytes:
    root = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for url, lastmod in entries:
        sitemap = ET.SubElement(root, "sitemap")
        ET.SubElement(sitemap, "loc").text = url
        if lastmod:
            ET.SubElement(sitemap, "lastmod").text = lastmod.isoformat()
    return _xml(root)


def build_url_sitemap(entries: Iterable[SitemapEntry]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:image": IMAGE_NS})
    for entry in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = entry.url
        if entry.lastmod:
            ET.SubElement(url, "lastmod").text = entry.lastmod.isoformat()
        for image in entry.images:
            element = ET.SubElement(url, "image:image")
            ET.SubElement(element, "image:loc").text = image.url
    return _xml(root)


def build_news_sitemap(
    entries: Iterable[SitemapEntry], *, publication: str, language: str = "en"
) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
    for entry in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = entry.url
        news = ET.SubElement(url, "news:news")
        pub = ET.SubElement(news, "news:publication")
        ET.SubElement(pub, "news:name").text = publication
        ET.SubElement(pub, "news:language").text = language
        if entry.published:
            ET.SubElement(
                news, "news:publication_date"
            ).text = entry.published.isoformat()
        ET.SubElement(news, "news:title").text = entry.title
    return _xml(root)


def build_robots_txt(*, sitemap_urls: Iterable[str], disallow: Iterable[str]) -> str:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallow]
    lines.append("")
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return "\n".join(lines) + "\n"
