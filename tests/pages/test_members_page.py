"""The members page: every member reads who is in the project and in which role; managers get
the controls; a fixed number of queries however many members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def members_url(queue) -> str:
    return reverse("members", args=[queue.project.pk])


def rows(response) -> list[tuple[str, str, int]]:
    return [
        (membership.user.username, membership.role, membership.assigned_count)
        for membership in response.context["members"]
    ]


def test_members_see_each_member_with_role_and_assigned_documents(queue, client_for):
    manager = MembershipFactory(project=queue.project, role=Role.MANAGER, user__username="mona").user
    services.assign_document(queue.border, [queue.annotator], actor=manager)
    services.assign_document(queue.kazakhs, [queue.annotator], actor=manager)

    response = client_for(queue.annotator).get(members_url(queue))

    assert response.status_code == 200
    assert rows(response) == [
        ("annie", "annotator", 2),
        ("mona", "manager", 0),
        ("rita", "reviewer", 0),
        ("sam", "reviewer", 0),
    ]
    page = response.content.decode()
    assert 'annie <span class="muted">(you)</span>' in page
    assert "A manager of the project adds and removes members" in page
    assert 'name="role"' not in page and "data-remove" not in page and "members.js" not in page


def test_a_manager_gets_a_role_choice_per_member_and_the_add_form(queue, client_for):
    manager = MembershipFactory(project=queue.project, role=Role.MANAGER).user

    page = client_for(manager).get(members_url(queue)).content.decode()

    assert page.count('<select name="role" aria-label="Role of') == 4
    assert '<option value="reviewer" selected>reviewer</option>' in page
    assert 'aria-label="Remove annie from the project"' in page
    assert 'id="add-member"' in page and "claims/members.js" in page


def test_the_page_costs_the_same_queries_for_three_members_or_thirty(queue, client_for):
    manager = MembershipFactory(project=queue.project, role=Role.MANAGER).user
    client = client_for(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(members_url(queue)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(27):
        member = MembershipFactory(project=queue.project, role=Role.ANNOTATOR).user
        services.assign_document(queue.border, [member], actor=manager)
    assert queries() == few
