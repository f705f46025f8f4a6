"""The exact structure of the json, jsonl and csv formats on a small annotated project."""

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest

from claims.exports import FORMATS, ExportQuery, export
from claims.models import Source
from tests.exports.factories import BORDER_TEXT, at

pytestmark = pytest.mark.django_db

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def span(text: str, part: str) -> dict:
    start, end = at(text, part)
    return {"start": start, "end": end, "text": part}


def liu_claim_fields(a) -> dict:
    claim = a.liu_claim
    return {
        "id": claim.pk,
        "start": 20,  # code points: the two emoji before it count one each
        "end": 59,
        "text": 'the "trip, all told, costs 30,000 yuan"',
        "kind": "mixed",
        "status": "approved",
        "origin": "human",
        "source": a.liu.pk,
        "cue": span(BORDER_TEXT, "said"),
        "mentions": [{**span(BORDER_TEXT, "Liu Huaming"), "source": a.liu.pk}],
        "via": [a.global_times.pk],
        "created_by": "annie",
        "created_at": z(claim.created_at),
        "reviews": [
            {
                "by": "rev",
                "verdict": "reject",
                "comment": 'Says "30,000", not 50,000; check\nthe source',
                "at": "2024-05-01T09:30:00Z",
            },
            {"by": "rev", "verdict": "approve", "comment": "fixed, thanks", "at": "2024-05-01T10:30:00Z"},
        ],
    }


def spokesman_claim_fields(a) -> dict:
    claim = a.spokesman_claim
    return {
        "id": claim.pk,
        **span(BORDER_TEXT, '"We will reopen it soon,"'),
        "kind": "direct",
        "status": "pending",
        "origin": "human",
        "source": a.spokesman.pk,
        "cue": span(BORDER_TEXT, "told the Global Times"),
        "mentions": [
            {**span(BORDER_TEXT, "a spokesman"), "source": a.spokesman.pk},
            {**span(BORDER_TEXT, "Global Times"), "source": a.global_times.pk},
        ],
        "via": [a.global_times.pk, a.china_topix.pk],
        "created_by": "annie",
        "created_at": z(claim.created_at),
        "reviews": [],
    }


def police_claim_fields(a) -> dict:
    claim = a.police_claim
    return {
        "id": claim.pk,
        **span(a.police_report.text, "many who left joined underground preaching groups"),
        "kind": "indirect",
        "status": "rejected",
        "origin": "machine",
        "source": a.police.pk,
        "cue": None,
        "mentions": [],
        "via": [],
        "created_by": None,
        "created_at": z(claim.created_at),
        "reviews": [{"by": "rev", "verdict": "reject", "comment": "", "at": "2024-05-01T11:30:00Z"}],
    }


def document_fields(document, claims: list[dict]) -> dict:
    return {
        "id": document.pk,
        "title": document.title,
        "outlet": document.outlet,
        "byline": "Staff reporter",
        "url": "https://example.org/news/1",
        "published_on": "2016-02-01",
        "sha256": document.sha256,
        "text": document.text,
        "claims": claims,
    }


def test_json_is_one_object_with_the_registry_and_every_document(annotated):
    a = annotated
    data = json.loads(a.export("json"))
    assert ISO_UTC.fullmatch(data.pop("exported_at"))
    assert data == {
        "format": "claims-export",
        "version": 1,
        "project": {"id": a.project.pk, "slug": "border-news", "name": "Border news"},
        "sources": [
            {
                "id": a.bureau.pk,
                "name": "Fangchenggang Public Security Bureau",
                "kind": "organisation",
                "aliases": [],
                "affiliation": None,
                "description": "",
            },
            {
                "id": a.global_times.pk,
                "name": "Global Times",
                "kind": "outlet",
                "aliases": ["China's Global Times", "GT"],
                "affiliation": None,
                "description": "",
            },
            {
                "id": a.china_topix.pk,
                "name": "China Topix",
                "kind": "outlet",
                "aliases": [],
                "affiliation": None,
                "description": "",
            },
            {
                "id": a.liu.pk,
                "name": "Liu Huaming",
                "kind": "person",
                "aliases": [],
                "affiliation": a.bureau.pk,
                "description": "deputy head",
            },
            {
                "id": a.spokesman.pk,
                "name": "a spokesman",
                "kind": "anonymous",
                "aliases": [],
                "affiliation": None,
                "description": "",
            },
            {
                "id": a.police.pk,
                "name": "Police",
                "kind": "group",
                "aliases": [],
                "affiliation": None,
                "description": "",
            },
        ],
        "documents": [
            document_fields(a.border, [liu_claim_fields(a), spokesman_claim_fields(a)]),
            document_fields(a.police_report, [police_claim_fields(a)]),
            document_fields(a.quiet, []),
        ],
    }


def test_every_exported_text_is_the_document_text_at_its_code_point_offsets(annotated):
    for document in json.loads(annotated.export("json"))["documents"]:
        text = document["text"]
        for claim in document["claims"]:
            spans = [claim, *claim["mentions"], *([claim["cue"]] if claim["cue"] else [])]
            assert all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    # The same span in UTF-16 units would start two later, after the two emoji.
    assert len(BORDER_TEXT[:20].encode("utf-16-le")) // 2 == 22


def test_jsonl_is_one_claim_a_line_with_its_document_and_source_name(annotated):
    a = annotated
    lines = a.export("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            **liu_claim_fields(a),
            "document": a.border.pk,
            "document_title": "Border “closed”, officials say",
            "source_name": "Liu Huaming",
        },
        {
            **spokesman_claim_fields(a),
            "document": a.border.pk,
            "document_title": "Border “closed”, officials say",
            "source_name": "a spokesman",
        },
        {
            **police_claim_fields(a),
            "document": a.police_report.pk,
            "document_title": "Police, preachers",
            "source_name": "Police",
        },
    ]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_the_documented_header_and_one_quoted_row_per_claim(annotated):
    a = annotated
    text = a.export("csv")
    header, *rows = read_csv(text)
    assert header == [
        "claim_id",
        "document_id",
        "document_title",
        "start",
        "end",
        "text",
        "kind",
        "status",
        "origin",
        "source_id",
        "source_name",
        "source_kind",
        "cue_start",
        "cue_end",
        "cue_text",
        "mentions",
        "via",
        "created_by",
        "created_at",
        "review_count",
        "last_verdict",
        "last_reviewer",
        "last_comment",
    ]
    liu, spokesman, police = a.liu_claim, a.spokesman_claim, a.police_claim
    cue, name = at(BORDER_TEXT, "told the Global Times"), at(BORDER_TEXT, "a spokesman")
    mention = at(BORDER_TEXT, "Global Times")
    assert rows == [
        [
            str(liu.pk),
            str(a.border.pk),
            "Border “closed”, officials say",
            "20",
            "59",
            'the "trip, all told, costs 30,000 yuan"',
            "mixed",
            "approved",
            "human",
            str(a.liu.pk),
            "Liu Huaming",
            "person",
            "15",
            "19",
            "said",
            "3-14",
            "Global Times",
            "annie",
            z(liu.created_at),
            "2",
            "approve",
            "rev",
            "fixed, thanks",
        ],
        [
            str(spokesman.pk),
            str(a.border.pk),
            "Border “closed”, officials say",
            str(spokesman.start),
            str(spokesman.end),
            '"We will reopen it soon,"',
            "direct",
            "pending",
            "human",
            str(a.spokesman.pk),
            "a spokesman",
            "anonymous",
            str(cue[0]),
            str(cue[1]),
            "told the Global Times",
            f"{name[0]}-{name[1]};{mention[0]}-{mention[1]}",
            "Global Times > China Topix",
            "annie",
            z(spokesman.created_at),
            "0",
            "",
            "",
            "",
        ],
        [
            str(police.pk),
            str(a.police_report.pk),
            "Police, preachers",
            str(police.start),
            str(police.end),
            police.text,
            "indirect",
            "rejected",
            "machine",
            str(a.police.pk),
            "Police",
            "group",
            "",
            "",
            "",
            "",
            "",
            "",
            z(police.created_at),
            "1",
            "reject",
            "rev",
            "",
        ],
    ]
    # Quotes are doubled inside quoted fields; the newline of a comment stays inside its field.
    assert '"the ""trip, all told, costs 30,000 yuan"""' in text


def test_csv_keeps_a_newline_inside_a_field(annotated):
    a = annotated
    a.reviewer.reviews.create(
        claim=a.spokesman_claim,
        verdict="reopen",
        comment='line one,\n"line two"',
        created_at=datetime.now(UTC),
    )
    rows = read_csv(a.export("csv"))
    assert rows[2][-4:] == ["1", "reopen", "rev", 'line one,\n"line two"']
    assert len(rows) == 4


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(annotated):
    a = annotated
    Source.objects.filter(pk=a.spokesman_claim.source_id).update(
        name='=HYPERLINK("http://evil.example/","GT")'
    )
    a.reviewer.reviews.create(
        claim=a.spokesman_claim, verdict="reopen", comment="@SUM(1+1)", created_at=datetime.now(UTC)
    )
    row = read_csv(a.export("csv"))[2]
    assert row[10] == '\'=HYPERLINK("http://evil.example/","GT")'
    assert row[-1] == "'@SUM(1+1)"
    assert json.loads(a.export("jsonl").splitlines()[1])["source_name"].startswith("=HYPERLINK")


def test_each_format_names_its_media_type_and_extension():
    assert {name: (f.media_type, f.extension) for name, f in FORMATS.items()} == {
        "json": ("application/json", "json"),
        "jsonl": ("application/x-ndjson", "jsonl"),
        "w3c": ('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', "jsonld"),
        "csv": ("text/csv; charset=utf-8", "csv"),
        "csv-excel": ("text/csv; charset=utf-8", "csv"),
    }


def test_the_excel_csv_is_the_csv_behind_a_utf8_byte_order_mark(annotated):
    marked, plain = annotated.export("csv-excel"), annotated.export("csv")
    assert marked == "\ufeff" + plain
    assert "Liu Huaming" in plain and plain.count("\r\n") == 4  # header and three claims
    assert marked.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_an_unknown_format_is_refused_naming_the_known_ones(annotated):
    with pytest.raises(
        ValueError, match=r"unknown export format 'xml'; expected one of json, jsonl, w3c, csv, csv-excel"
    ):
        export(annotated.query(), "xml")


def test_a_query_refuses_unknown_statuses_and_a_base_url_without_slash(annotated):
    with pytest.raises(ValueError, match="unknown status 'done'"):
        ExportQuery(project=annotated.project, statuses=("approved", "done"))
    with pytest.raises(ValueError, match="must end with '/'"):
        ExportQuery(project=annotated.project, base_url="https://claims.example.org")
