"""Restoring an export again: the claims the project already holds, known by who made them,
when, and what they mark, are counted as present, and neither they nor their reviews are
stored a second time; the export's other claims are restored, and those made since are left
as they are."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.exports import ExportQuery, export
from claims.exports.restore import RestoreResult, restore_json
from claims.models import AuditEvent, Claim, ClaimRelay, ClaimReview, ClaimStatus, Mention, Origin
from tests.exports.factories import build_many_claims
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    ProjectFactory,
    SourceFactory,
    UserFactory,
    claim_on,
)

pytestmark = pytest.mark.django_db

MOMENT = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def exported(project) -> dict:
    return json.loads("".join(export(ExportQuery(project=project), "json")))


def without_export_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def stored_rows(project) -> dict[str, int]:
    """How many claims, mentions, relay links and reviews the project holds."""
    return {
        model.__name__: model.objects.filter(**{lookup: project}).count()
        for model, lookup in (
            (Claim, "document__project"),
            (Mention, "claim__document__project"),
            (ClaimRelay, "claim__document__project"),
            (ClaimReview, "claim__document__project"),
        )
    }


def test_restoring_the_same_export_again_stores_no_claim_or_review(annotated):
    data = exported(annotated.project)
    target = ProjectFactory()
    restore_json(target, data)
    before, rows_before = exported(target), stored_rows(target)
    again = restore_json(target, data)
    assert again == RestoreResult(
        documents=0,
        sources=0,
        claims=0,
        reviews=0,
        documents_present=3,
        sources_present=6,
        claims_present=3,
        reviews_present=3,
    )
    assert stored_rows(target) == rows_before == {"Claim": 3, "Mention": 3, "ClaimRelay": 3, "ClaimReview": 3}
    assert without_export_time(exported(target)) == without_export_time(before)
    # The second run's audit rows say what it found rather than what it stored.
    border = AuditEvent.objects.filter(project=target, action="document.restored").order_by("id")[3]
    assert {key: border.after[key] for key in ("created", "claims", "claims_present", "reviews_present")} == {
        "created": False,
        "claims": 0,
        "claims_present": 2,
        "reviews_present": 2,
    }


def test_restoring_into_the_project_it_came_from_adds_nothing(annotated):
    result = restore_json(annotated.project, exported(annotated.project))
    assert (result.claims, result.reviews, result.claims_present, result.reviews_present) == (0, 0, 3, 3)
    assert annotated.border.claims.count() == 2


def test_a_claim_made_in_the_project_between_runs_is_left_as_it_is(annotated):
    data = exported(annotated.project)
    target = ProjectFactory()
    restore_json(target, data)
    restored_liu = Claim.objects.get(document__project=target, kind="mixed")
    # The same annotator marks the same words for the same source again, in the copy: another
    # claim, made at another moment, which the export does not know of.
    remarked = claim_on(
        restored_liu.document,
        restored_liu.text,
        source=restored_liu.source,
        actor=annotated.annotator,
        kind="direct",
    )
    before = Claim.objects.values().get(pk=remarked.pk)
    result = restore_json(target, data)
    assert (result.claims, result.claims_present) == (0, 3)
    assert Claim.objects.filter(document__project=target).count() == 4
    assert Claim.objects.values().get(pk=remarked.pk) == before
    assert not ClaimReview.objects.filter(claim=remarked).exists()


# Each changes one thing of the making of a claim otherwise the same as another.
DIFFERENCES = {
    "another annotator": lambda project: {"created_by": UserFactory()},
    "another source": lambda project: {"source": SourceFactory(project=project)},
    "another start": lambda project: {"start": len("Officials said ")},
    "another end": lambda project: {"end": len("Officials said")},
    "another moment": lambda project: {"created_at": MOMENT + timedelta(microseconds=1)},
    "the machine": lambda project: {"origin": Origin.MACHINE, "created_by": None},
}


@pytest.mark.parametrize("difference", DIFFERENCES.values(), ids=DIFFERENCES.keys())
def test_a_claim_differing_in_its_making_from_one_present_is_restored(difference):
    project = ProjectFactory()
    same = {
        "document": DocumentFactory(project=project),
        "source": SourceFactory(project=project),
        "created_by": UserFactory(),
        "created_at": MOMENT,
    }
    first = ClaimFactory(**same)
    ClaimFactory(**{**same, **difference(project)})
    data = exported(project)
    target = ProjectFactory()
    restore_json(target, only_claim(data, first.pk))
    result = restore_json(target, data)
    assert (result.claims, result.claims_present) == (1, 1)
    assert Claim.objects.filter(document__project=target).count() == 2


def only_claim(data: dict, claim_id: int) -> dict:
    """The export of one document with only one of its claims."""
    (document,) = data["documents"]
    claims = [claim for claim in document["claims"] if claim["id"] == claim_id]
    return {**data, "documents": [{**document, "claims": claims}]}


def test_a_suggestion_accepted_since_the_last_run_is_still_the_claim_restored_then():
    suggestion = ClaimFactory(origin=Origin.MACHINE, status=ClaimStatus.SUGGESTED, created_by=None)
    project = suggestion.document.project
    target = ProjectFactory()
    restore_json(target, exported(project))
    # Accepting makes the person its creator; the machine still made it.
    services.accept_suggestion(suggestion.pk, actor=UserFactory(), version=suggestion.version)
    result = restore_json(target, exported(project))
    assert (result.claims, result.claims_present) == (0, 1)
    assert Claim.objects.filter(document__project=target).count() == 1


def test_claims_repeated_within_the_export_are_each_restored_once(annotated):
    data = exported(annotated.project)
    police_report = data["documents"][1]
    police_report["claims"].append(police_report["claims"][0])
    target = ProjectFactory()
    assert restore_json(target, data).claims == 4
    assert restore_json(target, data).claims_present == 4
    assert Claim.objects.filter(document__project=target).count() == 4


def queries_of_a_rerun(project) -> int:
    data = exported(project)
    target = ProjectFactory()
    restore_json(target, data)
    with CaptureQueriesContext(connection) as queries:
        restore_json(target, data)
    return len(queries)


def test_a_rerun_reads_a_documents_claims_in_one_query_however_many_it_has():
    assert queries_of_a_rerun(build_many_claims(2, 2)) == queries_of_a_rerun(build_many_claims(2, 20))
