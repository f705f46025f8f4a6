"""The seed gold (fixtures/seed_gold_claims.json): every claim of the 14 seed articles, annotated
by hand following ANNOTATION-GUIDE.md, is recorded through the services exactly as written, and
fixtures/seed_gold.json is its json export."""

import json

import pytest
from django.conf import settings

from claims.demo import load_demo_claims
from claims.management.fixture_files import read_fixture
from claims.models import Claim, ClaimStatus, Document, Project
from tests.factories import UserFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"
GOLD = FIXTURES / "seed_gold_claims.json"
GOLD_EXPORT = FIXTURES / "seed_gold.json"
KINDS = {"direct", "indirect", "mixed", "according_to", "author"}


def gold_entries() -> list[dict]:
    return read_fixture(GOLD, "demo-claims", "claims")


def key(title, text, source, kind, cue, mentions, via) -> tuple:
    return (title, text, source, kind, cue, tuple(mentions), tuple(via))


def entry_key(entry: dict, canonical: dict[str, str]) -> tuple:
    return key(
        entry["document"],
        entry["text"],
        canonical[entry["source"]],
        entry["kind"],
        entry.get("cue"),
        entry.get("mentions", []),
        [canonical[name] for name in entry.get("via", [])],
    )


@pytest.fixture
def seeds_project(db):
    """The project as the quickstart builds it: the registry, then the seed articles."""
    run("load_registry", str(FIXTURES / "sources.json"), project="seeds")
    run("import_documents", str(settings.BASE_DIR / "seeds"), project="seeds")
    return Project.objects.get(slug="seeds")


@pytest.fixture
def canonical(seeds_project) -> dict[str, str]:
    """Every registry name and alias -> its source's canonical name."""
    return {
        alias.name: alias.source.name
        for source in seeds_project.sources.prefetch_related("aliases")
        for alias in source.aliases.all()
    }


def test_every_gold_claim_is_recorded_as_written(seeds_project, canonical):
    entries = gold_entries()
    annotator = UserFactory()
    assert 150 <= len(entries) <= 300
    assert load_demo_claims(seeds_project, entries, actor=annotator) == len(entries)

    claims = Claim.objects.filter(document__project=seeds_project).select_related("source", "document")
    claims = claims.prefetch_related("mentions", "relays__source")
    assert claims.count() == len(entries)
    recorded = []
    for claim in claims:
        text = claim.document.text
        assert claim.text == text[claim.start : claim.end]
        assert (claim.status, claim.created_by) == (ClaimStatus.PENDING, annotator)
        cue = text[claim.cue_start : claim.cue_end] if claim.cue_start is not None else None
        recorded.append(
            key(
                claim.document.title,
                claim.text,
                claim.source.name,
                claim.kind,
                cue,
                [text[m.start : m.end] for m in sorted(claim.mentions.all(), key=lambda m: m.pk)],
                [relay.source.name for relay in claim.relays.all()],
            )
        )
    assert sorted(recorded) == sorted(entry_key(entry, canonical) for entry in entries)


def test_gold_entries_are_well_formed_and_in_reading_order(seeds_project, canonical):
    entries = gold_entries()
    documents = {d.title: d for d in Document.objects.filter(project=seeds_project)}
    assert {entry["document"] for entry in entries} == set(documents)
    order = [(documents[e["document"]].pk, documents[e["document"]].text.find(e["text"])) for e in entries]
    assert order == sorted(order)
    for entry in entries:
        text = documents[entry["document"]].text
        assert text.count(entry["text"]) == 1, entry["text"]
        assert entry["kind"] in KINDS
        assert entry["source"] == canonical[entry["source"]], "the canonical name, not an alias"
        assert all(name == canonical[name] for name in entry["via"])
        assert entry["source"] not in entry["via"] and len(set(entry["via"])) == len(entry["via"])
        for words in [entry["cue"], *entry["mentions"]] if entry["cue"] else entry["mentions"]:
            assert words in text


def test_the_guide_cases_are_among_the_gold(seeds_project):
    gold = gold_entries()
    guide_cases = read_fixture(FIXTURES / "demo_claims.json", "demo-claims", "claims")
    assert len(guide_cases) == 8
    for case in guide_cases:
        assert case in gold
    load_demo_claims(seeds_project, gold, actor=UserFactory())
    # Loading the guide's cases again records nothing new: they are already there, exactly.
    assert load_demo_claims(seeds_project, guide_cases, actor=UserFactory()) == 0


def test_the_exported_gold_holds_the_same_claims(canonical):
    export = json.loads(GOLD_EXPORT.read_text(encoding="utf-8"))
    assert export["format"] == "claims-export"
    names = {source["id"]: source["name"] for source in export["sources"]}
    exported = []
    for document in export["documents"]:
        for claim in document["claims"]:
            assert document["text"][claim["start"] : claim["end"]] == claim["text"]
            exported.append(
                key(
                    document["title"],
                    claim["text"],
                    names[claim["source"]],
                    claim["kind"],
                    claim["cue"]["text"] if claim["cue"] else None,
                    [mention["text"] for mention in claim["mentions"]],
                    [names[relay] for relay in claim["via"]],
                )
            )
    assert sorted(exported) == sorted(entry_key(entry, canonical) for entry in gold_entries())
