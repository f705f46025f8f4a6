"""A path no route takes answers a JSON 404 under /api/, as every API error does, and the
site's own HTML page elsewhere."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/projects/newsroom/members/x/y/"])
def test_an_unknown_api_path_answers_json(team, api, path):
    response = api(team.annotator).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"Not found: no endpoint at {path}; the API's lists are at /api/."}


def test_an_anonymous_caller_gets_the_same_json(api):
    response = api().get("/api/nothing-here/")
    assert response.status_code == 404 and "no endpoint" in response.json()["detail"]


def test_an_unknown_page_of_the_site_keeps_its_html_page(team, client):
    client.force_login(team.annotator)
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.content.decode()
