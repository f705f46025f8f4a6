import pytest
from django.core.exceptions import ValidationError

from claims import adjudication, services
from claims.errors import Conflict
from claims.models import Assignment, AuditEvent, Membership, Role, Source
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory, UserFactory

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
    assert error.value.message_dict == {
        "name": ["a source named 'Radio Free Asia' already exists in this project with the alias 'RFA'"]
    }
    assert Source.objects.count() == 1


def test_create_source_refuses_a_name_another_source_has_in_another_apostrophe_style():
    project = ProjectFactory()
    services.create_source(project, name="RFA’s Mandarin Service", kind="outlet")
    with pytest.raises(ValidationError) as error:
        services.create_source(project, name="Rfa's mandarin service", kind="outlet")
    assert error.value.message_dict == {
        "name": ["a source named 'RFA’s Mandarin Service' already exists in this project"]
    }
    assert Source.objects.count() == 1


def test_find_alias_ignores_case_and_apostrophe_style_and_prefers_the_exact_spelling():
    project = ProjectFactory()
    curly = SourceFactory(project=project, name="RFA’s Mandarin Service", kind="outlet")
    assert services.find_alias(project, "rfa's  mandarin service").source == curly
    straight = SourceFactory(project=project, name="Xinhua's desk", kind="outlet")
    SourceFactory(project=project, name="Xinhua’s desk", kind="outlet")
    assert services.find_alias(project, "XINHUA'S DESK").source == straight
    assert services.find_alias(project, "Global Times") is None


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
    document = DocumentFactory(project=project)
    services.assign_document(document, [user], actor=manager)
    other_document = DocumentFactory(project=MembershipFactory(user=user).project)
    services.assign_document(other_document, [user])  # another project's stays theirs
    services.remove_membership(membership, actor=manager)
    assert not Membership.objects.filter(project=project).exists()
    assert list(Assignment.objects.values_list("document", flat=True)) == [other_document.pk]
    assert AuditEvent.objects.get(action="membership.removed").before == {
        "user": user.username,
        "role": "reviewer",
        "assigned_documents": [document.pk],
    }


def test_assign_document_refuses_a_document_adjudicated_since_it_was_read():
    annotator, manager = MembershipFactory(role=Role.ANNOTATOR), UserFactory()
    document = DocumentFactory(project=annotator.project)  # read before the adjudication: stale now
    adjudication.finish_adjudication(document.pk, adjudicator=manager)
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(Conflict, match=f"document {document.pk} has been adjudicated: it is closed"):
        services.assign_document(document, [annotator.user], actor=manager)
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


def test_a_projects_last_manager_is_neither_demoted_nor_removed():
    first = MembershipFactory(role=Role.MANAGER)
    project, actor = first.project, UserFactory()
    with pytest.raises(Conflict, match="keeps at least one manager"):
        services.set_membership(project, first.user, Role.REVIEWER, actor=actor)
    with pytest.raises(Conflict, match="keeps at least one manager"):
        services.remove_membership(first, actor=actor)

    second = MembershipFactory(project=project, role=Role.MANAGER)
    services.set_membership(project, first.user, Role.REVIEWER, actor=actor)  # the other stays
    with pytest.raises(Conflict):
        services.remove_membership(second, actor=actor)
    assert list(project.memberships.order_by("pk").values_list("role", flat=True)) == ["reviewer", "manager"]
    assert AuditEvent.objects.filter(action="membership.changed").count() == 1


def test_project_creation_and_rename_are_audited():
    project, created = services.ensure_project("uyghur-coverage")
    assert created and project.name == "Uyghur Coverage"
    assert services.ensure_project("uyghur-coverage") == (project, False)
    services.update_project(project, name="Uyghur coverage 2021", description="Tag pages")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["project.created", "project.updated"]


# Claims ----------------------------------------------------------------------------------

from claims.models import Claim, ClaimRelay, Mention  # noqa: E402


@pytest.fixture
def draft(db):
    """Arguments for a valid claim on the factory article: its first sentence."""
    document = DocumentFactory()
    return {
        "document": document,
        "start": 0,
        "end": 37,
        "text": "Officials said the border was closed.",
        "kind": "indirect",
        "source": SourceFactory(project=document.project, name="Officials"),
        "cue": (10, 14),
        "mentions": [services.MentionSpan(0, 9)],
        "via": [SourceFactory(project=document.project, name="Global Times")],
        "actor": UserFactory(),
    }


def test_create_claim_stores_claim_cue_mentions_and_relay_chain_with_an_audit_row(draft):
    claim = services.create_claim(**draft)
    assert (claim.status, claim.origin, claim.version) == ("pending", "human", 1)
    assert claim.document.text[claim.cue_start : claim.cue_end] == "said"
    assert [(m.start, m.end, m.source_id) for m in Mention.objects.filter(claim=claim)] == [
        (0, 9, draft["source"].pk)
    ]
    assert list(ClaimRelay.objects.filter(claim=claim).values_list("source__name", flat=True)) == [
        "Global Times"
    ]
    event = AuditEvent.objects.get(action="claim.created")
    assert event.actor == draft["actor"]
    assert event.after["cue"] == [10, 14] and event.after["via"] == [draft["via"][0].pk]


def test_machine_suggestion_starts_suggested_without_an_author(draft):
    claim = services.create_claim(**{**draft, "actor": None, "origin": "machine"})
    assert (claim.status, claim.created_by) == ("suggested", None)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"start": -1}, "start", "need 0 <= start < end <= 99"),
        ({"start": 12, "end": 12}, "start", "need 0 <= start < end"),
        ({"end": 100, "text": "x"}, "end", "need 0 <= start < end <= 99"),
        ({"start": "0"}, "start", "offsets must be integers"),
        (
            {"text": "Officers said the border was closed."},
            "text",
            "it holds 'Officials said the border was closed.'",
        ),
        ({"kind": "rumour"}, "kind", "unknown kind 'rumour'"),
        ({"cue": (10, 200)}, "cue", "is not a span of the document"),
        ({"mentions": [services.MentionSpan(5, 2)]}, "mentions[0]", "is not a span"),
        ({"origin": "oracle"}, "origin", "unknown origin 'oracle'"),
        ({"actor": None}, "created_by", "needs its author"),
    ],
)
def test_create_claim_refuses_bad_input_naming_the_field_and_stores_nothing(draft, change, field, message):
    with pytest.raises(ValidationError) as error:
        services.create_claim(**{**draft, **change})
    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]
    assert not Claim.objects.exists() and not AuditEvent.objects.filter(action="claim.created").exists()


def test_relay_chain_refuses_duplicates_the_claims_own_source_and_other_projects(draft):
    relay = draft["via"][0]
    cases = [
        ([relay, relay], "lists 'Global Times' twice"),
        ([draft["source"]], "repeats the claim's own source 'Officials'"),
        ([SourceFactory()], "is not in this document's project"),
    ]
    for via, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.create_claim(**{**draft, "via": via})
    with pytest.raises(ValidationError, match="is not in this document's project"):
        services.create_claim(**{**draft, "source": SourceFactory()})
    assert not Claim.objects.exists()
