"""The OpenAPI document: valid JSON at a stable URL, naming every route served."""

import re

import pytest

from tests.security.endpoints import all_routes

pytestmark = pytest.mark.django_db


def served_api_paths() -> set[str]:
    """Every /api/v1/ route, as OpenAPI writes it ("/stories/{story_id}/")."""
    paths = set()
    for route in all_routes():
        if not route.name.startswith("api:") or route.name == "api:not_found":
            continue
        path = route.path.removeprefix("api/v1")
        paths.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path))
    return paths


def test_the_document_is_json_and_lists_exactly_the_routes_served(api, section):
    response = api("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.data
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]
    assert set(document["paths"]) == served_api_paths()
    assert "/stories/{story_id}/" in document["paths"]


def test_every_reference_in_the_document_resolves(api, section):
    document = api("/api/v1/openapi.json").data
    text = str(document)
    for name in re.findall(r"#/components/(\w+/\w+)", text):
        group, item = name.split("/")
        assert item in document["components"][group], name


def test_the_story_list_documents_each_parameter_the_view_accepts(api, section):
    from masthead.api.params import STORY_PARAMS

    document = api("/api/v1/openapi.json").data
    operation = document["paths"]["/stories/"]["get"]
    assert [p["name"] for p in operation["parameters"]] == list(STORY_PARAMS)
    limit = next(p for p in operation["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 50


def test_the_document_is_valid_openapi_3_1(api, section):
    import openapi_spec_validator

    openapi_spec_validator.validate(api("/api/v1/openapi.json").data)


def test_a_story_matches_its_schema(api, make_article, make_image):
    from jsonschema import Draft202012Validator

    document = api("/api/v1/openapi.json").data
    story = make_article(
        "Schema story",
        lead_image=make_image(credit="Agency"),
        tags=["Rivers"],
    )
    data = api(f"/api/v1/stories/{story.pk}/").data
    schema = {
        "$ref": "#/components/schemas/Story",
        "components": document["components"],
    }
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert errors == []
    listing = api("/api/v1/stories/").data
    schema["$ref"] = "#/components/schemas/StoryPage"
    assert list(Draft202012Validator(schema).iter_errors(listing)) == []
