"""Exports are lazy generators, read a batch of documents at a time, and cost a constant number
of queries per batch whatever the batch holds."""

import inspect
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.exports import FORMATS, ExportQuery, batches, export
from tests.exports.factories import build_many_claims

pytestmark = pytest.mark.django_db

# Per batch: document ids with their claim counts, documents, claims, mentions, relay links,
# reviews; json adds the registry (sources, then their aliases) once per batch of sources.
QUERIES_FOR_ONE_BATCH = {"json": 8, "jsonl": 6, "w3c": 6, "csv": 6, "csv-excel": 6}


def count_queries(query: ExportQuery, format_name: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        text = "".join(export(query, format_name))
    return len(queries), text


def without_export_time(text: str, format_name: str) -> str:
    if format_name != "json":
        return text
    data = json.loads(text)
    del data["exported_at"]
    return json.dumps(data)


@pytest.mark.parametrize("format_name", FORMATS)
def test_export_reads_nothing_until_the_first_chunk_is_asked_for(annotated, format_name):
    with CaptureQueriesContext(connection) as queries:
        chunks = export(annotated.query(), format_name)
    assert inspect.isgenerator(chunks)
    assert len(queries) == 0
    assert without_export_time("".join(chunks), format_name) == without_export_time(
        annotated.export(format_name), format_name
    )


@pytest.mark.parametrize("format_name", FORMATS)
def test_queries_do_not_grow_with_documents_or_claims_in_a_batch(format_name):
    small, large = build_many_claims(3, 2), build_many_claims(30, 5)
    small_queries, _ = count_queries(ExportQuery(project=small), format_name)
    large_queries, large_text = count_queries(ExportQuery(project=large), format_name)
    assert small_queries == large_queries == QUERIES_FOR_ONE_BATCH[format_name]
    if format_name == "jsonl":  # the large export did hold every claim
        assert len(large_text.splitlines()) == 150


@pytest.mark.parametrize("format_name", FORMATS)
def test_small_batches_give_the_same_export_one_chunk_per_batch(monkeypatch, format_name):
    query = ExportQuery(project=build_many_claims(5, 2))
    whole = without_export_time("".join(export(query, format_name)), format_name)
    monkeypatch.setattr(batches, "BATCH_SIZE", 2)
    with CaptureQueriesContext(connection) as queries:
        chunks = list(export(query, format_name))
    assert without_export_time("".join(chunks), format_name) == whole
    # Five documents in batches of two: three batches of six queries each.
    # json: the two sources fill a batch of the registry (and its aliases), so one more
    # query finds the next batch empty.
    registry = 3 if format_name == "json" else 0
    assert len(queries) == 3 * 6 + registry
    if format_name == "jsonl":
        assert [chunk.count("\n") for chunk in chunks] == [4, 4, 2]


def test_batches_also_stop_at_a_number_of_claims_so_memory_follows_the_batch(monkeypatch):
    query = ExportQuery(project=build_many_claims(5, 2))
    monkeypatch.setattr(batches, "CLAIMS_PER_BATCH", 5)
    sizes = [
        (len(batch.documents), sum(map(len, batch.claims.values())))
        for batch in batches.document_batches(query, only_with_claims=False)
    ]
    assert sizes == [(2, 4), (2, 4), (1, 2)]
    monkeypatch.setattr(batches, "CLAIMS_PER_BATCH", 1)  # a document is never split
    assert [len(b.documents) for b in batches.document_batches(query, only_with_claims=False)] == [1] * 5
