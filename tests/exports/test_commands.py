"""export_annotations and import_annotations, end to end as a user runs them."""

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError

from claims.models import Claim, ClaimReview, Document, Project
from tests.management.helpers import run

pytestmark = pytest.mark.django_db


def test_export_writes_json_to_standard_output(annotated):
    out, _ = run("export_annotations", project="border-news", format="json")
    data = json.loads(out)
    assert data["project"]["slug"] == "border-news"
    assert [len(document["claims"]) for document in data["documents"]] == [2, 1, 0]


def test_export_filters_by_repeated_statuses_source_and_document(annotated):
    a = annotated
    out, _ = run(
        "export_annotations",
        "--status",
        "approved",
        "--status",
        "rejected",
        project=a.project.slug,
        format="jsonl",
    )
    assert [json.loads(line)["id"] for line in out.splitlines()] == [a.liu_claim.pk, a.police_claim.pk]
    out, _ = run(
        "export_annotations", "--status", "pending", "approved", project=a.project.slug, format="jsonl"
    )
    assert [json.loads(line)["id"] for line in out.splitlines()] == [a.liu_claim.pk, a.spokesman_claim.pk]
    out, _ = run("export_annotations", project=a.project.slug, format="jsonl", source=a.spokesman.pk)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [a.spokesman_claim.pk]
    out, _ = run("export_annotations", project=a.project.slug, format="jsonl", document=a.police_report.pk)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [a.police_claim.pk]


def test_export_writes_a_file_with_output(annotated, tmp_path):
    path = tmp_path / "claims.csv"
    out, err = run("export_annotations", project="border-news", format="csv", output=str(path))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert rows[0][:3] == ["claim_id", "document_id", "document_title"]
    assert [row[0] for row in rows[1:]] == [
        str(c.pk) for c in (annotated.liu_claim, annotated.spokesman_claim, annotated.police_claim)
    ]
    assert (out, err.strip()) == ("", f"Exported project 'border-news' as csv to {path}.")
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]  # no partial file left behind


def test_export_uses_the_base_url_for_w3c_iris(annotated):
    out, _ = run(
        "export_annotations", project="border-news", format="w3c", base_url="https://claims.example.org"
    )
    collection = json.loads(out)
    assert (
        collection["first"]["items"][0]["id"]
        == f"https://claims.example.org/api/claims/{annotated.liu_claim.pk}/"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"project": "nope", "format": "json"}, "no project 'nope'"),
        (
            {"project": "border-news", "format": "xml"},
            "unknown export format 'xml'; expected one of json, jsonl, w3c, csv",
        ),
        ({"project": "border-news", "format": "json", "status": ["done"]}, "unknown status 'done'"),
        (
            {"project": "border-news", "format": "json", "source": 99999},
            "no source 99999 in project 'border-news'",
        ),
        (
            {"project": "border-news", "format": "json", "document": 99999},
            "no document 99999 in project 'border-news'",
        ),
    ],
)
def test_export_names_what_it_cannot_find(annotated, options, message):
    with pytest.raises(CommandError, match=message):
        run("export_annotations", **options)


def test_a_failed_export_leaves_no_file(annotated, tmp_path):
    path = tmp_path / "claims.json"
    with pytest.raises(CommandError):
        run("export_annotations", project="border-news", format="xml", output=str(path))
    assert list(tmp_path.iterdir()) == []


def test_import_restores_an_export_into_a_new_project_and_a_rerun_adds_nothing(annotated, tmp_path):
    path = tmp_path / "export.json"
    run("export_annotations", project="border-news", format="json", output=str(path))
    out, _ = run("import_annotations", str(path), project="border-copy")
    assert out.splitlines() == [
        "Created project 'border-copy'.",
        "Project 'border-copy': restored 3 documents (0 already present), 6 sources "
        "(0 already in the registry), 3 claims (0 already present), 3 reviews (0 already present).",
    ]
    assert Claim.objects.filter(document__project__slug="border-copy").count() == 3
    out, _ = run("import_annotations", str(path), project="border-copy")
    assert out.splitlines() == [
        "Project 'border-copy': restored 0 documents (3 already present), 0 sources "
        "(6 already in the registry), 0 claims (3 already present), 0 reviews (3 already present)."
    ]
    assert Claim.objects.filter(document__project__slug="border-copy").count() == 3
    assert ClaimReview.objects.filter(claim__document__project__slug="border-copy").count() == 3


def test_import_refuses_a_file_that_is_not_an_export(db, tmp_path):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps({"format": "source-registry", "sources": []}), encoding="utf-8")
    with pytest.raises(CommandError, match="format: expected 'claims-export', found 'source-registry'"):
        run("import_annotations", str(path), project="fresh")
    # The project it would have created is not left behind.
    assert not Project.objects.filter(slug="fresh").exists()


def test_import_names_an_unreadable_file(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(f"cannot read {broken}:")):
        run("import_annotations", str(broken), project="fresh")
    missing = tmp_path / "missing.json"
    with pytest.raises(CommandError, match=re.escape(f"cannot read {missing}:")):
        run("import_annotations", str(missing), project="fresh")
    assert not Document.objects.exists()


def test_export_to_a_file_shows_its_progress_when_asked(annotated, tmp_path):
    path = tmp_path / "claims.jsonl"
    _, err = run("export_annotations", project="border-news", format="jsonl", output=str(path), progress=True)
    assert "export: 100%" in err and "3/3" in err  # the project's three documents
    assert err.rstrip().endswith(f"Exported project 'border-news' as jsonl to {path}.")


def test_import_names_each_malformed_field_and_stores_nothing(annotated, tmp_path):
    path = tmp_path / "export.json"
    run("export_annotations", project="border-news", format="json", output=str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    liu = data["documents"][0]["claims"][0]
    liu["start"] = "x"
    del liu["reviews"][0]["by"]
    path.write_text(json.dumps(data), encoding="utf-8")
    where = f"document {annotated.border.pk}, claim {annotated.liu_claim.pk}"
    expected = f"{path}: {where}: start must be an integer, not 'x'; {where}, review 0: missing field 'by'"
    with pytest.raises(CommandError) as error:
        run("import_annotations", str(path), project="fresh")
    assert str(error.value) == expected
    assert not Project.objects.filter(slug="fresh").exists()
    assert Claim.objects.count() == 3  # the original project's, no more
