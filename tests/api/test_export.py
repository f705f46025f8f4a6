import csv
import io
import json

import pytest

from claims import services
from claims.models import ClaimReview
from tests.factories import DocumentFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported_team(team):
    """Two claims on the team's document, one approved by the reviewer."""
    first = services.create_claim(
        team.document,
        start=0,
        end=37,
        text="Officials said the border was closed.",
        kind="indirect",
        source=team.officials,
        cue=(10, 14),
        via=[team.global_times],
        actor=team.annotator,
    )
    services.create_claim(
        team.document,
        start=40,
        end=63,
        text=team.document.text[40:63],
        kind="direct",
        source=team.global_times,
        actor=team.annotator,
    )
    services.review_claim(first.pk, reviewer=team.reviewer, verdict="approve", version=1, comment="ok")
    return team


def export(api, user, project, **params):
    response = api(user).get(f"/api/projects/{project.pk}/export/", params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode()


def test_json_export_streams_the_project_as_one_document(exported_team, api):
    response, body = export(api, exported_team.annotator, exported_team.project, format="json")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="newsroom-claims.json"'
    data = json.loads(body)
    assert (data["format"], data["version"]) == ("claims-export", 1)
    (document,) = data["documents"]
    first = document["claims"][0]
    assert first["cue"] == {"start": 10, "end": 14, "text": "said"}
    assert first["via"] == [exported_team.global_times.pk]
    assert [(r["by"], r["verdict"]) for r in first["reviews"]] == [
        (exported_team.reviewer.username, "approve")
    ]


def test_status_filter_applies_in_every_format(exported_team, api):
    _, body = export(api, exported_team.manager, exported_team.project, format="jsonl", status="approved")
    lines = [json.loads(line) for line in body.splitlines()]
    assert [line["status"] for line in lines] == ["approved"]
    _, body = export(api, exported_team.manager, exported_team.project, format="csv", status="pending")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["status"] for row in rows] == ["pending"]
    _, body = export(api, exported_team.manager, exported_team.project, format="w3c")
    collection = json.loads(body)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2


def test_source_and_document_filters(exported_team, api):
    project = exported_team.project
    _, body = export(
        api, exported_team.manager, project, format="jsonl", source=exported_team.global_times.pk
    )
    assert [json.loads(line)["source_name"] for line in body.splitlines()] == ["Global Times"]
    other = DocumentFactory(project=project, text="Police said nothing.")
    _, body = export(api, exported_team.manager, project, format="jsonl", document=other.pk)
    assert body == ""


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "format", "required"),
        ({"format": "xml"}, "format", "not a valid choice"),
        ({"format": "json", "status": "maybe"}, "status", "not a valid choice"),
        ({"format": "json", "source": "abc"}, "source", "valid integer"),
        ({"format": "json", "limit": "5"}, "limit", "not a field"),
    ],
)
def test_bad_export_parameters_are_refused_naming_them(exported_team, api, params, field, message):
    response, body = export(api, exported_team.manager, exported_team.project, **params)
    assert response.status_code == 400
    assert message in json.dumps(json.loads(body)[field])


def test_filters_must_name_this_projects_objects(exported_team, api):
    foreign = SourceFactory()
    response, body = export(
        api, exported_team.manager, exported_team.project, format="json", source=foreign.pk
    )
    assert response.status_code == 400 and "no source" in json.loads(body)["source"][0]


def test_non_members_cannot_export(exported_team, api):
    response, _ = export(api, exported_team.outsider, exported_team.project, format="json")
    assert response.status_code == 404
    assert ClaimReview.objects.count() == 1


def test_w3c_identifiers_resolve_to_the_api(exported_team, api):
    client = api(exported_team.annotator)
    _, body = export(api, exported_team.annotator, exported_team.project, format="w3c")
    collection = json.loads(body)
    annotation = collection["first"]["items"][0]
    source_body = next(b for b in annotation["body"] if b["type"] == "SpecificResource")
    iris = [collection["id"], annotation["id"], annotation["target"]["source"], source_body["source"]["id"]]
    for iri in iris:
        assert iri.startswith("http://testserver/")
        response = client.get(iri.removeprefix("http://testserver"))
        assert response.status_code == 200, iri
    assert collection["first"]["id"].startswith(collection["id"] + "#")


def test_a_repeated_document_or_source_is_refused_rather_than_the_last_taken(exported_team, api):
    project = exported_team.project
    response = api(exported_team.manager).get(
        f"/api/projects/{project.pk}/export/?format=jsonl&document=16&document=17&source=1&source=2&source=3"
    )
    assert response.status_code == 400
    assert response.json() == {
        "document": ["give one document, not 2; only status repeats"],
        "source": ["give one source, not 3; only status repeats"],
    }


def test_a_bad_status_is_refused_in_a_flat_list_naming_it(exported_team, api):
    response, body = export(
        api, exported_team.manager, exported_team.project, format="json", status=["approved", "nope"]
    )
    assert response.status_code == 400
    assert json.loads(body) == {"status": ['"nope" is not a valid choice.']}
