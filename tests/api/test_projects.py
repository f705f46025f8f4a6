import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import AuditEvent, Membership, Project
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_members_see_their_projects_with_their_role(team, api):
    response = api(team.reviewer).get("/api/projects/")
    assert response.status_code == 200
    (project,) = response.json()["results"]
    assert (project["slug"], project["role"]) == ("newsroom", "reviewer")


def test_staff_see_every_project(team, api, staff):
    slugs = {p["slug"] for p in api(staff).get("/api/projects/").json()["results"]}
    assert slugs == set(Project.objects.values_list("slug", flat=True))


def test_another_projects_objects_answer_404(team, api):
    outsider = api(team.outsider)
    assert outsider.get(f"/api/projects/{team.project.pk}/").status_code == 404
    assert outsider.get(f"/api/projects/{team.project.pk}/members/").status_code == 404
    assert outsider.patch(f"/api/projects/{team.project.pk}/", {"name": "Mine"}).status_code == 404
    assert Project.objects.get(pk=team.project.pk).name != "Mine"


def test_only_staff_superusers_create_projects(team, api, staff):
    body = {"slug": "tag-pages", "name": "Tag pages", "description": "Asian Lite News"}
    team.manager.is_staff = True  # as the demo's manager, who may use the admin
    team.manager.save()
    refused = api(team.manager).post("/api/projects/", body)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "only staff superusers create projects"
    response = api(staff).post("/api/projects/", body)
    assert response.status_code == 201
    assert response.json()["name"] == "Tag pages" and response.json()["role"] is None
    again = api(staff).post("/api/projects/", body)
    assert again.status_code == 400 and "slug" in again.json()


def test_manager_renames_the_project_and_others_may_not(team, api):
    url = f"/api/projects/{team.project.pk}/"
    assert api(team.reviewer).patch(url, {"name": "Renamed"}).status_code == 403
    response = api(team.manager).patch(url, {"name": "Renamed"})
    assert response.status_code == 200 and response.json()["name"] == "Renamed"
    assert AuditEvent.objects.filter(action="project.updated", actor=team.manager).exists()


def test_member_list(team, api):
    response = api(team.annotator).get(f"/api/projects/{team.project.pk}/members/")
    assert response.status_code == 200
    roles = {m["username"]: m["role"] for m in response.json()}
    assert roles[team.manager.username] == "manager" and len(roles) == 4


def test_manager_adds_changes_and_removes_a_member(team, api):
    newcomer = UserFactory(username="newcomer")
    client = api(team.manager)
    members = f"/api/projects/{team.project.pk}/members/"
    added = client.post(members, {"username": "newcomer", "role": "annotator"})
    assert added.status_code == 201 and added.json()["role"] == "annotator"
    changed = client.patch(f"{members}newcomer/", {"role": "reviewer"})
    assert changed.status_code == 200 and changed.json()["role"] == "reviewer"
    assert client.delete(f"{members}newcomer/").status_code == 204
    assert not Membership.objects.filter(user=newcomer).exists()
    actions = list(AuditEvent.objects.filter(actor=team.manager).values_list("action", flat=True))
    assert actions == ["membership.changed", "membership.changed", "membership.removed"]


def test_the_last_manager_cannot_step_down_until_another_member_manages(team, api):
    client = api(team.manager)
    me = f"/api/projects/{team.project.pk}/members/{team.manager.username}/"

    demoted = client.patch(me, {"role": "reviewer"})
    assert demoted.status_code == 409
    assert demoted.json() == {
        "detail": "a project keeps at least one manager: make another member a manager first"
    }
    assert client.delete(me).status_code == 409

    promoted = client.patch(
        f"/api/projects/{team.project.pk}/members/{team.reviewer.username}/", {"role": "manager"}
    )
    assert promoted.status_code == 200
    assert client.delete(me).status_code == 204
    assert not Membership.objects.filter(user=team.manager, project=team.project).exists()


def test_staff_manage_members_of_any_project(team, api, staff):
    UserFactory(username="newcomer")
    response = api(staff).post(
        f"/api/projects/{team.project.pk}/members/", {"username": "newcomer", "role": "manager"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"username": "nobody", "role": "annotator"}, "username", "no user 'nobody'"),
        ({"username": "newcomer", "role": "owner"}, "role", "not a valid choice"),
        ({"username": "newcomer"}, "role", "required"),
        ({"username": "newcomer", "role": "annotator", "admin": True}, "admin", "not a field"),
    ],
)
def test_bad_member_requests_name_the_field(team, api, body, field, message):
    UserFactory(username="newcomer")
    response = api(team.manager).post(f"/api/projects/{team.project.pk}/members/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_adding_an_existing_member_twice_is_refused(team, api):
    response = api(team.manager).post(
        f"/api/projects/{team.project.pk}/members/", {"username": team.annotator.username, "role": "manager"}
    )
    assert response.status_code == 400 and "member already" in response.json()["username"][0]


def test_annotators_and_reviewers_cannot_manage_members(team, api):
    UserFactory(username="newcomer")
    members = f"/api/projects/{team.project.pk}/members/"
    for user in (team.annotator, team.reviewer):
        assert api(user).post(members, {"username": "newcomer", "role": "annotator"}).status_code == 403
        assert api(user).delete(f"{members}{team.manager.username}/").status_code == 403
    assert Membership.objects.filter(project=team.project).count() == 4


def test_project_and_member_lists_make_a_constant_number_of_queries(team, api, staff):
    def queries_for(path: str, **params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api(staff).get(path, params).status_code == 200
        return len(queries)

    members = f"/api/projects/{team.project.pk}/members/"
    few = (queries_for("/api/projects/", page_size=2), queries_for(members))
    for _ in range(20):
        ProjectFactory()
        MembershipFactory(project=team.project)
    assert (queries_for("/api/projects/", page_size=22), queries_for(members)) == few
