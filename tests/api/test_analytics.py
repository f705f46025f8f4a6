"""GET /api/projects/{id}/analytics/ and .../analytics/csv/{figure}/: the figures over approved
claims, as JSON and as one CSV a figure, for any member of the project."""

import csv
import io

import pytest

from claims.models import Project
from tests.analytics_data import build_newsroom
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIGURES = ("sources", "outlets", "kinds", "months", "relays")


@pytest.fixture
def newsroom():
    return build_newsroom()


def analytics_url(newsroom, figure=None) -> str:
    base = f"/api/projects/{newsroom.project.pk}/analytics/"
    return f"{base}csv/{figure}/" if figure else base


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_figures_as_json(newsroom, api):
    body = api(newsroom.annotator).get(analytics_url(newsroom)).json()
    n = newsroom
    assert body["approved_claims"] == 4
    assert body["sources"] == [
        {"source": n.officials.pk, "name": "Officials", "kind": "group", "claims": 2},
        {"source": n.spokesman.pk, "name": "Spokesman", "kind": "person", "claims": 2},
    ]
    assert body["outlets"] == [
        {"outlet": "Radio Free Asia", "claims": 2, "documents": 1},
        {"outlet": "(no outlet)", "claims": 1, "documents": 1},
        {"outlet": "Global Times", "claims": 1, "documents": 1},
    ]
    assert {kind["kind"]: kind["claims"] for kind in body["kinds"]} == {
        "direct": 1,
        "indirect": 2,
        "mixed": 0,
        "according_to": 1,
        "author": 0,
    }
    assert body["kinds"][0]["label"] == "direct quote"
    assert body["months"] == [
        {"month": "2024-03", "dated_by": "published", "claims": 1},
        {"month": "2024-05", "dated_by": "published", "claims": 2},
        {"month": "2025-01", "dated_by": "created", "claims": 1},
    ]
    relays = body["relays"]
    assert {node["name"]: (node["kind"], node["claims"]) for node in relays["nodes"]} == {
        "Officials": ("group", 2),
        "Global Times": ("outlet", 2),
        "Reuters": ("outlet", 1),
        "Spokesman": ("person", 1),
        "Xinhua": ("outlet", 1),
    }
    assert relays["edges"][0] == {
        "from_source": n.officials.pk,
        "to_source": n.global_times.pk,
        "claims": 2,
        "outlets": [{"outlet": "Global Times", "claims": 1}, {"outlet": "Radio Free Asia", "claims": 1}],
    }
    assert [(edge["from_source"], edge["to_source"]) for edge in relays["edges"][1:]] == [
        (n.global_times.pk, n.reuters.pk),
        (n.spokesman.pk, n.xinhua.pk),
    ]


def test_each_figure_as_csv(newsroom, api):
    n = newsroom
    client = api(n.reviewer)
    expected = {
        "sources": [
            ["source_id", "source_name", "source_kind", "claims"],
            [str(n.officials.pk), "Officials", "group", "2"],
            [str(n.spokesman.pk), "Spokesman", "person", "2"],
        ],
        "outlets": [
            ["outlet", "claims", "documents"],
            ["Radio Free Asia", "2", "1"],
            ["(no outlet)", "1", "1"],
            ["Global Times", "1", "1"],
        ],
        "kinds": [
            ["kind", "label", "claims"],
            ["direct", "direct quote", "1"],
            ["indirect", "indirect (paraphrase)", "2"],
            ["mixed", "mixed (partly quoted)", "0"],
            ["according_to", "according to", "1"],
            ["author", "author's own", "0"],
        ],
        "months": [
            ["month", "dated_by", "claims"],
            ["2024-03", "published", "1"],
            ["2024-05", "published", "2"],
            ["2025-01", "created", "1"],
        ],
        "relays": [
            ["from_id", "from_name", "to_id", "to_name", "claims", "outlets"],
            [
                str(n.officials.pk),
                "Officials",
                str(n.global_times.pk),
                "Global Times",
                "2",
                "Global Times (1); Radio Free Asia (1)",
            ],
            [
                str(n.global_times.pk),
                "Global Times",
                str(n.reuters.pk),
                "Reuters",
                "1",
                "Radio Free Asia (1)",
            ],
            [str(n.spokesman.pk), "Spokesman", str(n.xinhua.pk), "Xinhua", "1", "(no outlet) (1)"],
        ],
    }
    for figure, rows in expected.items():
        response = client.get(analytics_url(n, figure))
        assert response.status_code == 200, figure
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="analytics-desk-{figure}.csv"'
        assert csv_rows(response) == rows, figure


def test_a_csv_answers_a_client_that_accepts_only_csv(newsroom, api):
    response = api(newsroom.manager).get(analytics_url(newsroom, "kinds"), HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert csv_rows(response)[0] == ["kind", "label", "claims"]


@pytest.mark.parametrize("role", ["annotator", "reviewer", "manager"])
def test_every_member_reads_them(newsroom, api, role):
    client = api(getattr(newsroom, role))
    assert client.get(analytics_url(newsroom)).status_code == 200
    assert all(client.get(analytics_url(newsroom, figure)).status_code == 200 for figure in FIGURES)


def test_staff_read_them_without_being_members(newsroom, api):
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert api(staff).get(analytics_url(newsroom)).json()["approved_claims"] == 4


def test_a_non_member_finds_nothing(newsroom, api):
    client = api(newsroom.outsider)
    assert client.get(analytics_url(newsroom)).status_code == 404
    for figure in FIGURES:
        response = client.get(analytics_url(newsroom, figure))
        assert response.status_code == 404, figure
        assert response["Content-Type"] == "application/json"  # an error answers JSON


def test_an_anonymous_caller_is_refused(newsroom, api):
    assert api().get(analytics_url(newsroom)).status_code in (401, 403)
    assert api().get(analytics_url(newsroom, "sources")).status_code in (401, 403)


@pytest.mark.parametrize("unknown", ["csv/people", "csv/sources/extra", "xlsx/sources", "csv"])
def test_an_unknown_figure_is_a_json_404(newsroom, api, unknown):
    response = api(newsroom.manager).get(f"{analytics_url(newsroom)}{unknown}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no endpoint" in response.json()["detail"]


def test_in_a_blind_project_only_reviewers_and_managers_read_them(newsroom, api, client):
    """Annotators there see only their own claims; the figures count everyone's."""
    Project.objects.filter(pk=newsroom.project.pk).update(blind=True)
    annotator = api(newsroom.annotator)
    assert annotator.get(analytics_url(newsroom)).status_code == 403
    assert annotator.get(analytics_url(newsroom, "sources")).status_code == 403
    client.force_login(newsroom.annotator)
    assert client.get(f"/projects/{newsroom.project.pk}/analytics/").status_code == 403
    assert api(newsroom.reviewer).get(analytics_url(newsroom, "sources")).status_code == 200
    client.force_login(newsroom.reviewer)
    assert client.get(f"/projects/{newsroom.project.pk}/analytics/").status_code == 200
