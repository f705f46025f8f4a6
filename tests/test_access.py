"""claims.access: which projects' documents and sources a user may see."""

import pytest

from claims import access
from claims.models import Role
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_projects():
    """A user who annotates in one project and reviews in another, and a third project that is
    not theirs; one document and two sources in each."""
    user = UserFactory()
    projects = [ProjectFactory() for _ in range(3)]
    MembershipFactory(user=user, project=projects[0], role=Role.ANNOTATOR)
    MembershipFactory(user=user, project=projects[1], role=Role.REVIEWER)
    MembershipFactory(project=projects[2])  # someone else's membership must not widen the join
    for project in projects:
        DocumentFactory(project=project)
        SourceFactory.create_batch(2, project=project)
    return user, projects


@pytest.mark.parametrize("visible", [access.visible_documents, access.visible_sources])
def test_a_member_sees_each_row_of_their_projects_once(two_projects, visible):
    user, projects = two_projects
    rows = list(visible(user))
    assert {row.project_id for row in rows} == {projects[0].pk, projects[1].pk}
    assert len(rows) == len({row.pk for row in rows}) == (2 if visible is access.visible_documents else 4)


@pytest.mark.parametrize("visible", [access.visible_documents, access.visible_sources])
def test_a_user_in_no_project_sees_nothing(two_projects, visible):
    assert not visible(UserFactory()).exists()


@pytest.mark.parametrize("visible", [access.visible_documents, access.visible_sources])
def test_staff_superusers_see_every_project(two_projects, visible):
    _, projects = two_projects
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert {row.project_id for row in visible(admin)} == {project.pk for project in projects}


def test_staff_without_superuser_rights_see_only_their_memberships(two_projects):
    user, projects = two_projects
    user.is_staff = True
    user.save()
    assert {source.project_id for source in access.visible_sources(user)} == {projects[0].pk, projects[1].pk}
