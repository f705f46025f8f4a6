"""GET /api/ links each of the API's lists, under /api/, never a page of the HTML site."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_link_of_the_api_root_is_an_api_list_a_member_can_read(team, api):
    client = api(team.annotator)
    response = client.get("/api/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    links = response.json()
    assert set(links) == {"projects", "documents", "sources", "claims", "jobs"}
    for name, url in links.items():
        assert url == f"http://testserver/api/{name}/"
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed["Content-Type"] == "application/json", url
        assert "results" in listed.json(), url


def test_the_projects_link_lists_the_members_projects(team, api):
    client = api(team.annotator)
    projects = client.get(client.get("/api/").json()["projects"]).json()["results"]
    assert [project["slug"] for project in projects] == ["newsroom"]
