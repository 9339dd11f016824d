"""An admin makes a partner's API key, sees it once, the partner reads the API
with it, and revoking it in the admin refuses the very next request (issue 20)."""

import pytest

from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_creates_shows_once_and_revokes_a_partner_key(
    page_root, live_server, new_page, screenshot, django_user_model, empty_cache
):
    from wagtail.models import Site

    from masthead.api.models import ApiKey
    from masthead.home.models import HomePage

    home = page_root.add_child(instance=HomePage(title="Home", slug="front"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    story = make_article(make_section(home, "World", slug="world"), "Bridge holds")
    django_user_model.objects.create_superuser("chief", "chief@example.org", "s3cret!")

    page = new_page(width=1280, height=900)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "s3cret!")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/admin/")

    page.goto(live_server.url + "/admin/api_keys/new/")
    page.fill("input[name=name]", "Wire partner")
    page.fill("input[name=rate_limit_per_minute]", "30")
    page.locator("button[type=submit]", has_text="Create").first.click()
    raw_key = page.locator("#api-key").inner_text().strip()
    screenshot(page, "api-key-created")
    assert raw_key.startswith("mh_")
    key = ApiKey.objects.get()
    assert key.prefix == raw_key[:11] and raw_key not in key.key_hash

    headers = {"Authorization": f"Bearer {raw_key}"}
    url = f"{live_server.url}/api/v1/stories/{story.pk}/"
    answer = page.request.get(url, headers=headers)
    assert answer.status == 200
    assert answer.json()["title"] == "Bridge holds"
    assert answer.headers["x-ratelimit-limit"] == "30"

    page.goto(live_server.url + "/admin/api_keys/")
    listing = page.locator("main").inner_text()
    assert "Wire partner" in listing and raw_key not in listing
    screenshot(page, "api-keys-list")
    page.goto(f"{live_server.url}/admin/api_keys/edit/{key.pk}/")
    page.check("input[name=revoked]")
    page.locator("button[type=submit]", has_text="Save").first.click()
    page.wait_for_url("**/admin/api_keys/")

    refused = page.request.get(url, headers=headers)
    assert refused.status == 401
    assert refused.json()["error"]["code"] == "revoked_key"
