"""Restoring a json export: round trip into a new project, reuse of what a project already
has, users kept by name, audit rows, and refusals that write nothing."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from claims import services
from claims.exports import ExportQuery, export
from claims.exports.restore import RestoreResult, restore_json
from claims.models import AuditEvent, Claim, ClaimReview, Document, Source
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def exported(project) -> dict:
    return json.loads("".join(export(ExportQuery(project=project), "json")))


def comparable(data: dict) -> dict:
    """An export with every id replaced by what it names: sources by name, documents in order."""
    names = {source["id"]: source["name"] for source in data["sources"]}

    def source(entry: dict) -> dict:
        return {**without_id(entry), "affiliation": names.get(entry["affiliation"])}

    def claim(entry: dict) -> dict:
        return {
            **without_id(entry),
            "source": names[entry["source"]],
            "mentions": [{**mention, "source": names[mention["source"]]} for mention in entry["mentions"]],
            "via": [names[source_id] for source_id in entry["via"]],
        }

    return {
        "sources": sorted(map(source, data["sources"]), key=lambda entry: entry["name"]),
        "documents": [
            {**without_id(document), "claims": list(map(claim, document["claims"]))}
            for document in data["documents"]
        ],
    }


def without_id(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key != "id"}


def claim_entries(data: dict) -> list[dict]:
    return [claim for document in data["documents"] for claim in document["claims"]]


def test_a_restored_project_exports_the_same_apart_from_ids(annotated):
    original = exported(annotated.project)
    target = ProjectFactory(slug="copy")
    result = restore_json(target, original, actor=annotated.reviewer)
    assert result == RestoreResult(documents=3, sources=6, claims=3, reviews=3)
    again = exported(target)
    assert comparable(again) == comparable(original)
    assert again["project"]["slug"] == "copy"
    # Nothing was shared with the original: every row is new.
    assert not {claim["id"] for claim in claim_entries(again)} & {
        claim["id"] for claim in claim_entries(original)
    }
    assert not {s["id"] for s in again["sources"]} & {s["id"] for s in original["sources"]}


def test_restored_rows_keep_status_origin_creator_and_times(annotated):
    target = ProjectFactory()
    restore_json(target, exported(annotated.project))
    restored = Claim.objects.get(document__project=target, kind="mixed")
    assert (restored.status, restored.origin, restored.created_by) == (
        "approved",
        "human",
        annotated.annotator,
    )
    assert restored.created_at == annotated.liu_claim.created_at
    assert list(restored.reviews.values_list("verdict", "created_at")) == list(
        annotated.liu_claim.reviews.values_list("verdict", "created_at")
    )
    machine = Claim.objects.get(document__project=target, origin="machine")
    assert (machine.status, machine.created_by) == ("rejected", None)


def test_restore_writes_one_audit_row_per_document_and_one_for_the_whole(annotated):
    target = ProjectFactory()
    restore_json(target, exported(annotated.project), actor=annotated.reviewer)
    documents = AuditEvent.objects.filter(project=target, action="document.restored").order_by("id")
    assert [(event.actor, event.after["claims"], event.after["created"]) for event in documents] == [
        (annotated.reviewer, 2, True),
        (annotated.reviewer, 1, True),
        (annotated.reviewer, 0, True),
    ]
    assert AuditEvent.objects.filter(project=target, action="source.created").count() == 6
    whole = AuditEvent.objects.get(project=target, action="project.restored")
    assert whole.after["from"] == "border-news"
    assert (whole.after["claims"], whole.after["reviews"]) == (3, 3)


def test_restoring_into_the_same_project_reuses_its_documents_and_sources(annotated):
    result = restore_json(annotated.project, exported(annotated.project))
    assert (result.documents, result.sources, result.documents_present, result.sources_present) == (
        0,
        0,
        3,
        6,
    )
    assert Document.objects.filter(project=annotated.project).count() == 3
    assert Source.objects.filter(project=annotated.project).count() == 6


def test_a_source_is_reused_when_its_name_is_an_alias_in_the_registry(annotated):
    target = ProjectFactory()
    huanqiu = services.create_source(target, name="Huanqiu Shibao", kind="outlet", aliases=["Global Times"])
    result = restore_json(target, exported(annotated.project))
    assert (result.sources, result.sources_present) == (5, 1)
    assert not Source.objects.filter(project=target, name="Global Times").exists()
    spokesman_claim = Claim.objects.get(document__project=target, kind="direct")
    assert list(spokesman_claim.relays.values_list("source__name", flat=True)) == [
        "Huanqiu Shibao",
        "China Topix",
    ]
    assert huanqiu.mentions.count() == 1


def test_users_missing_from_the_database_are_created_inactive_without_password(annotated):
    data = exported(annotated.project)
    for claim in claim_entries(data):
        if claim["created_by"] == "annie":
            claim["created_by"] = "ghost writer"
        for review in claim["reviews"]:
            review["by"] = "ghost reviewer"
    target = ProjectFactory()
    restore_json(target, data)
    users = get_user_model().objects.filter(username__startswith="ghost").order_by("username")
    assert [(user.username, user.is_active, user.has_usable_password()) for user in users] == [
        ("ghost reviewer", False, False),
        ("ghost writer", False, False),
    ]
    assert Claim.objects.filter(document__project=target, created_by__username="ghost writer").count() == 2
    assert (
        ClaimReview.objects.filter(
            claim__document__project=target, reviewer__username="ghost reviewer"
        ).count()
        == 3
    )


def refused(data: dict) -> ValidationError:
    """The error restoring data raises; nothing of it may stay in the database."""
    target = ProjectFactory()
    with pytest.raises(ValidationError) as error:
        restore_json(target, data)
    assert not Source.objects.filter(project=target).exists()
    assert not Document.objects.filter(project=target).exists()
    assert not AuditEvent.objects.filter(project=target).exists()
    return error.value


def test_another_format_or_version_is_refused_by_name(annotated):
    data = exported(annotated.project)
    assert refused({**data, "format": "source-registry"}).message_dict == {
        "format": ["expected 'claims-export', found 'source-registry'"]
    }
    assert refused({**data, "version": 2}).message_dict == {"version": ["expected 1, found 2"]}
    assert "format" in refused([data]).message_dict


def test_a_text_that_does_not_match_its_sha256_is_refused(annotated):
    data = exported(annotated.project)
    data["documents"][1]["text"] += " (edited)"
    error = refused(data)
    assert error.message_dict == {
        "documents": [
            f"document {annotated.police_report.pk} ('Police, preachers'): sha256 does not match its text"
        ]
    }


def test_the_database_still_checks_every_claim_span(annotated):
    data = exported(annotated.project)
    data["documents"][0]["claims"][0]["text"] = "not the text at these offsets"
    assert "claim text does not match document" in str(refused(data))


def test_a_cue_whose_text_is_not_at_its_offsets_is_refused(annotated):
    data = exported(annotated.project)
    data["documents"][0]["claims"][0]["cue"]["text"] = "says"
    assert f"claim {annotated.liu_claim.pk} cue" in refused(data).message_dict


def test_a_claim_naming_an_unlisted_source_is_refused(annotated):
    data = exported(annotated.project)
    data["sources"] = [source for source in data["sources"] if source["name"] != "China Topix"]
    error = refused(data)
    assert error.message_dict == {
        f"claim {annotated.spokesman_claim.pk}": [
            f"names source {annotated.china_topix.pk}, which the export does not list"
        ]
    }


def test_an_affiliation_cycle_is_refused(annotated):
    data = exported(annotated.project)
    bureau, liu = (
        next(s for s in data["sources"] if s["name"] == name)
        for name in ("Fangchenggang Public Security Bureau", "Liu Huaming")
    )
    bureau["affiliation"] = liu["id"]
    assert "affiliations form a cycle" in str(refused(data))


def test_a_malformed_export_is_refused_naming_the_claim(annotated):
    data = exported(annotated.project)
    del data["documents"][0]["claims"][0]["kind"]
    assert refused(data).message_dict == {
        f"document {annotated.border.pk}, claim {annotated.liu_claim.pk}": ["missing field 'kind'"]
    }
