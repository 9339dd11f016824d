"""Partners' keys: stored as a hash, refused at once when revoked, rate-limited."""

import pytest

from masthead.api.models import ApiKey
from masthead.api.services import create_api_key, hash_api_key, revoke_api_key

pytestmark = pytest.mark.django_db


def bearer(raw_key):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def test_only_a_hash_of_the_key_is_stored(db):
    key, raw_key = create_api_key(name="Wire desk")
    row = ApiKey.objects.get(pk=key.pk)
    assert raw_key.startswith("mh_") and len(raw_key) > 40
    assert row.key_hash == hash_api_key(raw_key)
    assert raw_key not in {str(value) for value in row.__dict__.values()}
    assert row.prefix == raw_key[:11]


def test_a_key_is_accepted_by_either_header(api, section):
    _key, raw_key = create_api_key(name="Partner", rate_limit_per_minute=7)
    for headers in (bearer(raw_key), {"HTTP_X_API_KEY": raw_key}):
        response = api("/api/v1/stories/", **headers)
        assert response.status_code == 200
        assert response["X-RateLimit-Limit"] == "7"
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "headers, code",
    [
        ({"HTTP_AUTHORIZATION": "Bearer mh_not-a-real-key"}, "invalid_key"),
        ({"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, "invalid_key"),
        ({"HTTP_AUTHORIZATION": "Bearer "}, "invalid_key"),
        ({"HTTP_X_API_KEY": "x" * 5000}, "invalid_key"),
        ({"HTTP_X_API_KEY": "mh_\u00e9\u0000\r\n"}, "invalid_key"),
    ],
)
def test_unknown_or_malformed_keys_are_401_in_json(api, section, headers, code):
    response = api("/api/v1/stories/", **headers)
    assert response.status_code == 401
    assert response.data["error"]["code"] == code
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_is_refused_on_its_very_next_request(api, make_article):
    story = make_article("Cached story")
    key, raw_key = create_api_key(name="Partner")
    url = f"/api/v1/stories/{story.pk}/"
    assert api(url, **bearer(raw_key)).status_code == 200
    assert api(url, **bearer(raw_key))["X-Cache"] == "HIT"  # the body is cached

    revoke_api_key(key=key)

    response = api(url, **bearer(raw_key))
    assert response.status_code == 401
    assert response.data["error"]["code"] == "revoked_key"


def test_a_keyed_client_over_its_limit_gets_429_with_retry_after_even_from_cache(
    api, make_article
):
    story = make_article("Popular story")
    _key, raw_key = create_api_key(name="Partner", rate_limit_per_minute=3)
    url = f"/api/v1/stories/{story.pk}/"
    statuses = [api(url, **bearer(raw_key)) for _ in range(4)]

    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert statuses[1]["X-Cache"] == "HIT"  # hits are counted too
    assert [r["X-RateLimit-Remaining"] for r in statuses] == ["2", "1", "0", "0"]
    limited = statuses[3]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.data["error"]["code"] == "rate_limited"
    assert limited.data["error"]["limit_per_minute"] == 3
    # Another key, and anonymous readers, are not affected.
    _other, other_key = create_api_key(name="Other")
    assert api(url, **bearer(other_key)).status_code == 200
    assert api(url).status_code == 200


def test_anonymous_readers_share_a_smaller_limit_per_address(api, section, settings):
    settings.MASTHEAD_API_ANONYMOUS_RATE_LIMIT = 2
    here = {"REMOTE_ADDR": "203.0.113.5"}
    codes = [api("/api/v1/sections/", **here).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert api("/api/v1/sections/", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_keys_can_be_required(api, section, settings):
    settings.MASTHEAD_API_ANONYMOUS_RATE_LIMIT = 0
    response = api("/api/v1/stories/")
    assert response.status_code == 401
    assert response.data["error"]["code"] == "key_required"


def test_an_admin_creates_a_key_and_sees_it_once(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "boss", "boss@newsroom.example", "correct horse battery staple"
    )
    client.force_login(admin)

    response = client.post(
        "/admin/api_keys/new/", {"name": "Wire desk", "rate_limit_per_minute": "120"}
    )

    assert response.status_code == 200
    key = ApiKey.objects.get()
    html = response.content.decode()
    raw_key = html.split('id="api-key" class="api-key">')[1].split("<")[0]
    assert key.key_hash == hash_api_key(raw_key)
    assert key.rate_limit_per_minute == 120
    assert "no-store" in response["Cache-Control"]
    listing = client.get("/admin/api_keys/").content.decode()
    assert key.prefix in listing and raw_key not in listing
    edit = client.get(f"/admin/api_keys/edit/{key.pk}/").content.decode()
    assert raw_key not in edit


def test_a_key_cannot_be_copied_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "boss", "boss@newsroom.example", "correct horse battery staple"
    )
    client.force_login(admin)
    key, _raw_key = create_api_key(name="Wire desk")
    assert client.get(f"/admin/api_keys/copy/{key.pk}/").status_code == 404
