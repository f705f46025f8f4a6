import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import AuditEvent, Membership, Role, Source
from tests.factories import ProjectFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_source_files_its_names_and_audits_who_made_it():
    project, user = ProjectFactory(), UserFactory()
    source = services.create_source(
        project, name="  Radio  Free Asia ", kind="outlet", aliases=["RFA"], actor=user
    )
    assert source.name == "Radio Free Asia"
    assert sorted(a.name for a in source.aliases.all()) == ["RFA", "Radio Free Asia"]
    event = AuditEvent.objects.get(action="source.created")
    assert (event.actor, event.target_id, event.after["aliases"]) == (user, source.pk, ["RFA"])


def test_create_source_refuses_a_name_another_source_has_in_any_case():
    project = ProjectFactory()
    services.create_source(project, name="Radio Free Asia", kind="outlet", aliases=["RFA"])
    with pytest.raises(ValidationError) as error:
        services.create_source(project, name="Rfa", kind="outlet")
    assert error.value.message_dict == {"aliases": ["'RFA' already names source 'Radio Free Asia'"]}
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "X", "kind": "celebrity"}, "kind"),
        ({"name": "X", "kind": "person", "aliases": [" "]}, "aliases"),
    ],
)
def test_create_source_names_the_bad_field(fields, field):
    with pytest.raises(ValidationError) as error:
        services.create_source(ProjectFactory(), **fields)
    assert list(error.value.message_dict) == [field]
    assert not Source.objects.exists()


def test_affiliation_must_be_in_the_same_project():
    foreign = SourceFactory()
    with pytest.raises(ValidationError) as error:
        services.create_source(ProjectFactory(), name="Li Wei", kind="person", affiliation=foreign)
    assert "affiliation" in error.value.message_dict


def test_membership_changes_are_audited_and_roles_checked():
    project, user, manager = ProjectFactory(), UserFactory(), UserFactory()
    services.set_membership(project, user, Role.ANNOTATOR, actor=manager)
    services.set_membership(project, user, Role.REVIEWER, actor=manager)
    services.set_membership(project, user, Role.REVIEWER, actor=manager)
    membership = Membership.objects.get()
    assert membership.role == Role.REVIEWER and membership.can_review
    changes = AuditEvent.objects.filter(action="membership.changed").order_by("id")
    assert [(e.before, e.after["role"]) for e in changes] == [
        (None, "annotator"),
        ({"role": "annotator"}, "reviewer"),
    ]
    with pytest.raises(ValidationError, match="unknown role 'owner'"):
        services.set_membership(project, user, "owner")
    services.remove_membership(membership, actor=manager)
    assert not Membership.objects.exists()
    assert AuditEvent.objects.get(action="membership.removed").before == {
        "user": user.username,
        "role": "reviewer",
    }


def test_project_creation_and_rename_are_audited():
    project, created = services.ensure_project("uyghur-coverage")
    assert created and project.name == "Uyghur Coverage"
    assert services.ensure_project("uyghur-coverage") == (project, False)
    services.update_project(project, name="Uyghur coverage 2021", description="Tag pages")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["project.created", "project.updated"]
