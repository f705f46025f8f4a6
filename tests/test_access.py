"""claims.access: which projects' documents, sources and claims a user may see."""

import pytest

from claims import access, services
from claims.models import Claim, Document, Role
from claims.selectors import documents_with_counts
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    MembershipFactory,
    ProjectFactory,
    SourceFactory,
    UserFactory,
)

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


def test_in_a_blind_project_an_annotator_sees_open_suggestions_and_only_their_own_decisions():
    """The rule, and its twin condition for counting per document, agree for every role."""
    project = ProjectFactory(blind=True)
    deciding, other = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    document = DocumentFactory(project=project)
    suggested = {"document": document, "created_by": None, "origin": "machine", "status": "suggested"}
    rejected, accepted, still_open = (ClaimFactory(**suggested) for _ in range(3))
    services.review_claim(rejected.pk, reviewer=deciding, verdict="reject", version=rejected.version)
    services.accept_suggestion(accepted.pk, actor=deciding, version=accepted.version)

    def seen(user) -> set[int]:
        claims = access.visible_claims(user, Claim.objects.filter(document=document))
        counted = documents_with_counts(
            Document.objects.filter(pk=document.pk), access.visible_claims_of_documents(user)
        )
        assert counted.get().claim_count == claims.count()
        return set(claims.values_list("pk", flat=True))

    assert seen(deciding) == seen(reviewer) == {rejected.pk, accepted.pk, still_open.pk}
    assert seen(other) == {still_open.pk}
