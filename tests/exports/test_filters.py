"""Filters by status, source and document, in every format; which documents json lists."""

import csv
import io
import json

import pytest

from claims.exports.restore import restore_json
from tests.factories import ClaimFactory, ProjectFactory

pytestmark = pytest.mark.django_db

FORMATS = ["json", "jsonl", "csv", "w3c"]


def exported_claim_ids(text: str, format_name: str) -> list[int]:
    if format_name == "json":
        return [claim["id"] for document in json.loads(text)["documents"] for claim in document["claims"]]
    if format_name == "jsonl":
        return [json.loads(line)["id"] for line in text.splitlines()]
    if format_name == "csv":
        return [int(row[0]) for row in list(csv.reader(io.StringIO(text, newline="")))[1:]]
    collection = json.loads(text)
    items = collection["first"]["items"] if "first" in collection else []
    return [int(item["id"].rstrip("/").rsplit("/", 1)[1]) for item in items]


CASES = {
    "no filter": (lambda a: {}, lambda a: [a.liu_claim, a.spokesman_claim, a.police_claim]),
    "approved": (lambda a: {"statuses": ("approved",)}, lambda a: [a.liu_claim]),
    "pending or rejected": (
        lambda a: {"statuses": ("pending", "rejected")},
        lambda a: [a.spokesman_claim, a.police_claim],
    ),
    "suggested": (lambda a: {"statuses": ("suggested",)}, lambda a: []),
    "source": (lambda a: {"source_id": a.police.pk}, lambda a: [a.police_claim]),
    # Attributed to: a source only relayed or mentioned is not the claim's source.
    "relay-only source": (lambda a: {"source_id": a.global_times.pk}, lambda a: []),
    "document": (lambda a: {"document_id": a.border.pk}, lambda a: [a.liu_claim, a.spokesman_claim]),
    "document without claims": (lambda a: {"document_id": a.quiet.pk}, lambda a: []),
    "document and status": (
        lambda a: {"document_id": a.border.pk, "statuses": ("pending",)},
        lambda a: [a.spokesman_claim],
    ),
    "document and source": (
        lambda a: {"document_id": a.border.pk, "source_id": a.police.pk},
        lambda a: [],
    ),
}


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_filters_pick_the_same_claims_in_every_format(annotated, format_name, case):
    filters, expected = CASES[case]
    text = annotated.export(format_name, **filters(annotated))
    assert exported_claim_ids(text, format_name) == [claim.pk for claim in expected(annotated)]


@pytest.mark.parametrize("format_name", FORMATS)
def test_claims_of_other_projects_are_never_exported(annotated, format_name):
    elsewhere = ClaimFactory()
    assert elsewhere.pk not in exported_claim_ids(annotated.export(format_name), format_name)
    filtered = annotated.export(format_name, source_id=elsewhere.source_id)
    assert exported_claim_ids(filtered, format_name) == []


def listed_documents(annotated, **filters) -> list[int]:
    return [document["id"] for document in json.loads(annotated.export("json", **filters))["documents"]]


def test_json_lists_every_document_without_a_filter(annotated):
    a = annotated
    assert listed_documents(a) == [a.border.pk, a.police_report.pk, a.quiet.pk]


def test_json_lists_the_chosen_document_even_without_claims(annotated):
    a = annotated
    assert listed_documents(a, document_id=a.quiet.pk) == [a.quiet.pk]
    assert listed_documents(a, document_id=a.border.pk) == [a.border.pk]


def test_json_with_a_status_or_source_filter_lists_only_documents_with_matching_claims(annotated):
    a = annotated
    assert listed_documents(a, statuses=("approved",)) == [a.border.pk]
    assert listed_documents(a, source_id=a.police.pk) == [a.police_report.pk]
    assert listed_documents(a, document_id=a.border.pk, statuses=("rejected",)) == []


def test_json_carries_the_whole_registry_only_when_it_exports_the_whole_project(annotated):
    a = annotated

    def names(**filters) -> set[str]:
        return {source["name"] for source in json.loads(a.export("json", **filters))["sources"]}

    assert len(names()) == 6
    assert names(source_id=a.police.pk) == {"Police"}
    # the approved claim: its source, that source's affiliation, and the outlet it came through
    assert names(statuses=("approved",)) == {
        "Liu Huaming",
        "Fangchenggang Public Security Bureau",
        "Global Times",
    }
    # the border story's two claims add the spokesman and a second outlet, named in a relay chain
    assert names(document_id=a.border.pk) == names() - {"Police"}
    assert names(document_id=a.quiet.pk) == set()


def test_a_filtered_json_export_restores_into_a_new_project(annotated):
    data = json.loads(annotated.export("json", statuses=("approved",)))
    result = restore_json(ProjectFactory(slug="approved-only"), data, actor=annotated.reviewer)
    assert (result.documents, result.sources, result.claims) == (1, 3, 1)
