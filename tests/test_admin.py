import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import AuditEvent, ClaimStatus, Membership, Role
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
def staff_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:claims_{model}_changelist")


def test_sources_are_searchable_by_alias(staff_client):
    rfa = SourceFactory(name="Radio Free Asia")
    rfa.aliases.create(project=rfa.project, name="RFA")
    SourceFactory(project=rfa.project, name="Voice of America")
    page = staff_client.get(changelist("source"), {"q": "rfa"}).content.decode()
    assert "Radio Free Asia" in page and "Voice of America" not in page


def test_claims_filter_by_status_source_and_project(staff_client):
    approved = ClaimFactory(status=ClaimStatus.APPROVED)
    pending = ClaimFactory(start=40, end=63)
    by_status = staff_client.get(changelist("claim"), {"status__exact": "approved"}).content.decode()
    assert approved.text in by_status and pending.text not in by_status
    by_source = staff_client.get(
        changelist("claim"), {"source__id__exact": pending.source_id}
    ).content.decode()
    assert pending.text in by_source and approved.text not in by_source
    project = approved.document.project_id
    by_project = staff_client.get(
        changelist("claim"), {"document__project__id__exact": project}
    ).content.decode()
    assert approved.text in by_project and pending.text not in by_project


def test_documents_filter_by_project(staff_client):
    kept = DocumentFactory(title="Kept article")
    DocumentFactory(title="Other article")
    page = staff_client.get(changelist("document"), {"project__id__exact": kept.project_id}).content.decode()
    assert "Kept article" in page and "Other article" not in page


@pytest.mark.parametrize(
    "model",
    ["project", "membership", "document", "source", "sourcealias", "claim", "claimreview", "auditevent"],
)
def test_every_model_has_an_admin_page(staff_client, model):
    assert staff_client.get(changelist(model)).status_code == 200


def add_claims_with_aliases(count: int) -> None:
    for _ in range(count):
        claim = ClaimFactory()
        claim.source.aliases.create(project=claim.document.project, name=f"alias of {claim.source.name}")


def queries_per_changelist(client) -> dict[str, int]:
    counts = {}
    for model in ["claim", "source", "document", "membership", "mention", "claimreview"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(changelist(model)).status_code == 200
        counts[model] = len(queries)
    return counts


def test_changelists_make_the_same_number_of_queries_however_many_rows(staff_client):
    add_claims_with_aliases(2)
    few = queries_per_changelist(staff_client)
    add_claims_with_aliases(10)
    assert queries_per_changelist(staff_client) == few


def test_records_written_by_services_are_read_only(staff_client):
    claim = ClaimFactory()
    assert staff_client.get(reverse("admin:claims_claim_add")).status_code == 403
    page = staff_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert 'name="_save"' not in page
    response = staff_client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 403


def test_article_text_is_escaped_in_the_admin(staff_client):
    DocumentFactory(title="<script>alert('x')</script> headline")
    page = staff_client.get(changelist("document")).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


def project_form(project, *members: dict, stored: int) -> dict:
    """The admin's project change form with its membership rows (stored: how many of them are
    memberships already saved, listed first)."""
    form = {
        "name": project.name,
        "description": "",
        "memberships-TOTAL_FORMS": str(len(members)),
        "memberships-INITIAL_FORMS": str(stored),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(members):
        form.update({f"memberships-{index}-{name}": value for name, value in member.items()})
    return form


def test_adding_a_member_in_the_admin_goes_through_the_audited_service(staff_client):
    project, user = ProjectFactory(), UserFactory()
    form = project_form(project, {"user": user.pk, "role": "reviewer"}, stored=0)
    response = staff_client.post(reverse("admin:claims_project_change", args=[project.pk]), form)
    assert response.status_code == 302, response.context["errors"]
    assert Membership.objects.get(project=project, user=user).role == Role.REVIEWER
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.actor == staff_client.user


def test_only_staff_superusers_enter_the_admin_which_lists_every_project(client):
    """A project's manager, even made staff with the app's permissions, would see and change
    other projects there: the admin is for those who manage them all."""
    manager = MembershipFactory(role=Role.MANAGER).user
    manager.is_staff = True
    manager.save()
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="claims"))
    client.force_login(manager)
    assert client.get(changelist("claim")).status_code == 302  # to the admin's sign-in
    assert (
        client.get(
            reverse("admin:claims_project_change", args=[manager.memberships.get().project_id])
        ).status_code
        == 302
    )


def test_projects_are_not_deleted_in_the_admin_and_only_superusers_add_them(staff_client):
    project = ClaimFactory().document.project
    delete = reverse("admin:claims_project_delete", args=[project.pk])
    assert staff_client.get(delete).status_code == 403
    changelist_page = staff_client.get(changelist("project")).content.decode()
    assert "delete_selected" not in changelist_page

    assert staff_client.get(reverse("admin:claims_project_add")).status_code == 200


def test_the_admin_refuses_to_demote_a_projects_last_manager(staff_client):
    membership = MembershipFactory(role=Role.MANAGER)
    project = membership.project
    url = reverse("admin:claims_project_change", args=[project.pk])
    row = {"id": membership.pk, "project": project.pk, "user": membership.user.pk, "role": "annotator"}
    form = project_form(project, row, stored=1)
    response = staff_client.post(url, form)
    assert response.status_code == 200  # the form again, with the reason
    assert services.LAST_MANAGER in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).role == Role.MANAGER

    response = staff_client.post(url, {**form, "memberships-0-role": "manager", "memberships-0-DELETE": "on"})
    assert services.LAST_MANAGER in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
