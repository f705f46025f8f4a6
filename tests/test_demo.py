"""The worked cases of ANNOTATION-GUIDE.md are recorded exactly, through the services."""

import pytest
from django.core.exceptions import ValidationError

from claims.demo import load_demo_claims
from claims.management.fixture_files import read_fixture
from claims.models import AuditEvent, Claim, ClaimStatus
from tests.factories import DocumentFactory, SourceFactory, UserFactory
from tests.management.helpers import run
from tests.management.test_import_documents import SEEDS
from tests.management.test_load_registry import REGISTRY

pytestmark = pytest.mark.django_db

GUIDE_CASES = [
    # (source, kind, cue, via, start of the claim text)
    ("Liu Huaming", "indirect", "said", ["Global Times"], "the illegal emigrants spend"),
    (
        "Official from the Criminal Investigation Department at the Ministry of Public Security",
        "direct",
        "told the Global Times",
        ["Global Times"],
        "In recent years external forces",
    ),
    ("Police", "indirect", "Police say that", [], "many Chinese who have managed"),
    (
        "Unidentified Chinese anti-terrorism worker",
        "direct",
        "was quoted as saying by",
        ["Global Times"],
        "They not only",
    ),
    ("Li Wei", "direct", "told the Global Times", ["Global Times"], "Approximately 500 fighters"),
    ("Geng Shuang", "direct", "quoted Geng as saying", ["China Daily"], "We call for the unity"),
    ("Official figures", "indirect", "show", [], "there are around 1.5 million Kazakhs"),
    ("Second source in the Altay district", "direct", "the source said", [], "She was detained when customs"),
]


@pytest.fixture
def seeded_project(db):
    run("load_registry", str(REGISTRY), project="seeds")
    run("import_documents", str(SEEDS), project="seeds")
    from claims.models import Project

    return Project.objects.get(slug="seeds")


def test_every_guide_case_is_recorded_exactly(seeded_project):
    annotator = UserFactory()
    entries = read_fixture(REGISTRY.parent / "demo_claims.json", "demo-claims", "claims")
    assert load_demo_claims(seeded_project, entries, actor=annotator) == len(GUIDE_CASES)
    claims = Claim.objects.prefetch_related("relays__source", "mentions").select_related("source", "document")
    for source, kind, cue, via, opening in GUIDE_CASES:
        (claim,) = [claim for claim in claims if claim.text.startswith(opening)]
        text = claim.document.text
        assert claim.text == text[claim.start : claim.end]
        assert (claim.source.name, claim.kind, claim.status) == (source, kind, ClaimStatus.PENDING)
        assert text[claim.cue_start : claim.cue_end] == cue
        assert [relay.source.name for relay in claim.relays.all()] == via
        assert claim.mentions.count() == 1 and claim.created_by == annotator
    assert AuditEvent.objects.filter(action="claim.created").count() == len(GUIDE_CASES)


def test_cue_is_the_occurrence_nearest_the_claim(seeded_project):
    entries = read_fixture(REGISTRY.parent / "demo_claims.json", "demo-claims", "claims")
    load_demo_claims(seeded_project, entries[:1], actor=UserFactory())
    claim = Claim.objects.get()
    assert claim.document.text[claim.cue_start : claim.start] == "said that "


def test_a_quote_missing_from_its_document_stores_nothing(seeded_project):
    entries = read_fixture(REGISTRY.parent / "demo_claims.json", "demo-claims", "claims")
    broken = {**entries[1], "text": "words the article never printed"}
    with pytest.raises(ValidationError, match="is not in the document"):
        load_demo_claims(seeded_project, [entries[0], broken], actor=UserFactory())
    assert not Claim.objects.exists()


def test_demo_claims_need_a_unique_quote_and_a_known_source(db):
    document = DocumentFactory(text="Officials said no. Officials said no. Police agreed.")
    SourceFactory(project=document.project, name="Officials")
    entry = {
        "document": document.title,
        "text": "Officials said no.",
        "source": "Officials",
        "kind": "indirect",
    }
    with pytest.raises(ValidationError, match="occurs more than once"):
        load_demo_claims(document.project, [entry], actor=UserFactory())
    entry = {**entry, "text": "Police agreed.", "source": "Nobody"}
    with pytest.raises(ValidationError, match="no source named 'Nobody'"):
        load_demo_claims(document.project, [entry], actor=UserFactory())
