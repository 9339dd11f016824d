"""A section page tells feed readers where its feeds are."""

import pytest

pytestmark = pytest.mark.django_db


def test_section_page_advertises_its_feeds(client, section):
    html = client.get(section.url).content.decode()
    for kind in ("rss", "atom", "json"):
        assert f'href="/feeds/sections/{section.slug}/{kind}/"' in html
