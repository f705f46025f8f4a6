"""Each invariant of the model rejects a bad row in the database itself: rows are written
with the ORM's plain ``save``/``update`` or raw SQL, never through the services."""

import contextlib

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from claims.models import Claim, ClaimRelay, ClaimReview, Document, Mention, SourceAlias, Verdict
from claims.services import record_audit
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    MembershipFactory,
    ProjectFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def rejected(*messages: str):
    """The database refuses the write; its error names one of the messages, when given
    (SQLite names a unique constraint by its columns, PostgreSQL by its name)."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        yield
    assert not messages or any(message in str(error.value) for message in messages)


def test_database_is_the_one_under_test():
    assert connection.vendor in {"postgresql", "sqlite"}


# Claim spans -----------------------------------------------------------------------------


def test_valid_claim_is_stored(claim):
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.start, stored.end, stored.text) == (0, 37, "Officials said the border was closed.")


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (9, 4)])
def test_claim_span_must_satisfy_zero_le_start_lt_end(document, source, start, end):
    with rejected("claim_span_valid"):
        ClaimFactory(document=document, source=source, start=start, end=end, text="x")


def test_claim_cannot_end_past_the_document_text(document, source):
    length = len(document.text)
    with rejected("ends past the end of"):
        ClaimFactory(document=document, source=source, start=length - 3, end=length + 1, text="xyz")


def test_claim_may_end_exactly_at_the_end_of_the_text(document, source):
    length = len(document.text)
    claim = ClaimFactory(document=document, source=source, start=length - 15, end=length)
    assert claim.text == "the Global Times."[-15:]


def test_claim_text_must_equal_the_document_text_at_its_offsets(document, source):
    with rejected("does not match"):
        ClaimFactory(document=document, source=source, start=0, end=9, text="Officers ")


def test_moving_a_claim_is_checked_on_update(claim):
    with rejected("does not match"):
        Claim.objects.filter(pk=claim.pk).update(start=1)
    with rejected("ends past the end of"):
        Claim.objects.filter(pk=claim.pk).update(end=10_000)


def test_offsets_count_code_points_not_utf16_units(db):
    text = '🙂🇨🇳 naïve café: "the border is closed", police said.'
    document = DocumentFactory(text=text)
    source = SourceFactory(project=document.project)
    start = text.index('"')
    claim = ClaimFactory(document=document, source=source, start=start, end=start + 22)
    assert Claim.objects.get(pk=claim.pk).text == '"the border is closed"'


def test_overlapping_and_nested_claims_are_allowed(document, source):
    outer = ClaimFactory(document=document, source=source, start=0, end=37)
    inner = ClaimFactory(document=document, source=source, start=15, end=36)
    same = ClaimFactory(document=document, source=SourceFactory(project=document.project), start=0, end=37)
    assert Claim.objects.filter(pk__in=[outer.pk, inner.pk, same.pk]).count() == 3


# Cue and mentions ------------------------------------------------------------------------


def test_cue_is_both_ends_or_neither(document, source):
    with rejected("claim_cue_span_valid"):
        ClaimFactory(document=document, source=source, cue_start=10, cue_end=None)


def test_cue_must_satisfy_start_lt_end(document, source):
    with rejected("claim_cue_span_valid"):
        ClaimFactory(document=document, source=source, cue_start=14, cue_end=10)


def test_cue_cannot_end_past_the_document_text(document, source):
    with rejected("cue"):
        ClaimFactory(document=document, source=source, cue_start=10, cue_end=len(document.text) + 1)


def test_mention_must_lie_inside_the_document(claim):
    with rejected("mention_span_valid"):
        Mention.objects.create(claim=claim, source=claim.source, start=3, end=3)
    with rejected("mention span"):
        Mention.objects.create(claim=claim, source=claim.source, start=0, end=len(claim.document.text) + 5)
    mention = Mention.objects.create(claim=claim, source=claim.source, start=0, end=9)
    assert claim.document.text[mention.start : mention.end] == "Officials"


# Relay chain -----------------------------------------------------------------------------


def test_relay_chain_holds_no_duplicates(claim):
    relay_source = SourceFactory(project=claim.document.project)
    ClaimRelay.objects.create(claim=claim, source=relay_source, position=0)
    with rejected("relay_source_once", "claims_claimrelay.claim_id, claims_claimrelay.source_id"):
        ClaimRelay.objects.create(claim=claim, source=relay_source, position=1)
    with rejected("relay_position_once", "claims_claimrelay.claim_id, claims_claimrelay.position"):
        ClaimRelay.objects.create(
            claim=claim, source=SourceFactory(project=claim.document.project), position=0
        )


def test_relay_chain_does_not_repeat_the_claims_own_source(claim):
    with rejected("own source"):
        ClaimRelay.objects.create(claim=claim, source=claim.source, position=0)


def test_claim_source_cannot_become_a_source_already_in_its_relay_chain(claim):
    relay_source = SourceFactory(project=claim.document.project)
    ClaimRelay.objects.create(claim=claim, source=relay_source, position=0)
    with rejected("relay chain"):
        Claim.objects.filter(pk=claim.pk).update(source=relay_source)


# Projects stay apart ---------------------------------------------------------------------


def test_claim_source_must_belong_to_the_documents_project(document):
    foreign = SourceFactory(project=ProjectFactory())
    with rejected("another project"):
        ClaimFactory(document=document, source=foreign)


def test_mention_and_relay_sources_must_belong_to_the_claims_project(claim):
    foreign = SourceFactory(project=ProjectFactory())
    with rejected("another project"):
        Mention.objects.create(claim=claim, source=foreign, start=0, end=9)
    with rejected("another project"):
        ClaimRelay.objects.create(claim=claim, source=foreign, position=0)


def test_alias_and_affiliation_stay_in_their_project(source):
    other = ProjectFactory()
    with rejected("another project"):
        SourceAlias.objects.create(project=other, source=source, name="Elsewhere")
    with rejected("another project"):
        SourceFactory(project=other, affiliation=source)


def test_documents_and_sources_never_change_project(claim):
    other = ProjectFactory()
    with rejected("another project"):
        Document.objects.filter(pk=claim.document_id).update(project=other)
    with rejected("another project"):
        type(claim.source).objects.filter(pk=claim.source_id).update(project=other)


# Aliases ---------------------------------------------------------------------------------


def test_aliases_are_unique_regardless_of_case(source):
    SourceAlias.objects.create(project=source.project, source=source, name="Radio Free Asia")
    other = SourceFactory(project=source.project)
    with rejected("alias_unique_ignoring_case_per_project"):
        SourceAlias.objects.create(project=source.project, source=other, name="RADIO free asia")


def test_canonical_names_count_as_aliases(source):
    other = SourceFactory(project=source.project)
    with rejected("alias_unique_ignoring_case_per_project"):
        SourceAlias.objects.create(project=source.project, source=other, name=source.name.upper())


def test_the_same_alias_may_exist_in_two_projects(source):
    elsewhere = SourceFactory(name=source.name)
    assert elsewhere.project_id != source.project_id


def test_source_is_not_affiliated_to_itself(source):
    with rejected("source_not_affiliated_to_itself"):
        type(source).objects.filter(pk=source.pk).update(affiliation=source)


# Deletion --------------------------------------------------------------------------------


def test_source_in_use_cannot_be_deleted(claim):
    with pytest.raises(ProtectedError):
        claim.source.delete()
    with rejected(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_source WHERE id = %s", [claim.source_id])
        connection.check_constraints()  # foreign keys are deferred to commit; check them now
    assert type(claim.source).objects.filter(pk=claim.source_id).exists()


def test_source_used_only_in_a_relay_or_mention_cannot_be_deleted(claim):
    relayed = SourceFactory(project=claim.document.project)
    mentioned = SourceFactory(project=claim.document.project)
    ClaimRelay.objects.create(claim=claim, source=relayed, position=0)
    Mention.objects.create(claim=claim, source=mentioned, start=0, end=9)
    for source in (relayed, mentioned):
        with pytest.raises(ProtectedError):
            source.delete()


def test_unused_source_can_be_deleted(source):
    source.delete()
    assert not SourceAlias.objects.filter(source_id=source.pk).exists()


# Documents -------------------------------------------------------------------------------


def test_document_text_is_unique_per_project(document):
    with rejected("document_text_once_per_project", "claims_document.project_id, claims_document.sha256"):
        DocumentFactory(project=document.project, text=document.text)
    assert DocumentFactory(text=document.text).sha256 == document.sha256


def test_document_sha256_is_64_hex_characters(db):
    with rejected("document_sha256_hex"):
        DocumentFactory(sha256="abc")


def test_document_text_is_fixed_once_it_has_claims(claim):
    with rejected("has claims"):
        Document.objects.filter(pk=claim.document_id).update(text="Something else entirely.")


def test_document_text_may_change_before_it_has_claims(document):
    Document.objects.filter(pk=document.pk).update(text="Corrected text.")
    assert Document.objects.get(pk=document.pk).text == "Corrected text."


# Choices ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "constraint"),
    [("kind", "claim_kind_valid"), ("status", "claim_status_valid"), ("origin", "claim_origin_valid")],
)
def test_claim_choice_fields_refuse_unknown_values(claim, field, constraint):
    with rejected(constraint):
        Claim.objects.filter(pk=claim.pk).update(**{field: "bogus"})


def test_unknown_source_kind_and_role_are_refused(source):
    with rejected("source_kind_valid"):
        type(source).objects.filter(pk=source.pk).update(kind="celebrity")
    with rejected("membership_role_valid"):
        MembershipFactory(role="owner")


def test_human_claim_needs_its_creator(document, source):
    with rejected("claim_human_has_creator"):
        ClaimFactory(document=document, source=source, created_by=None)
    machine = ClaimFactory(
        document=document, source=source, created_by=None, origin="machine", status="suggested"
    )
    assert machine.created_by is None


def test_version_starts_at_one(claim):
    assert claim.version == 1
    with rejected("claim_version_positive"):
        Claim.objects.filter(pk=claim.pk).update(version=0)


# Append-only records ---------------------------------------------------------------------


def test_reviews_are_append_only_and_protect_their_claim(claim):
    review = ClaimReview.objects.create(claim=claim, reviewer=UserFactory(), verdict=Verdict.APPROVE)
    with rejected("append-only"):
        ClaimReview.objects.filter(pk=review.pk).update(verdict=Verdict.REJECT)
    with rejected("append-only"):
        ClaimReview.objects.filter(pk=review.pk).delete()
    with pytest.raises(ProtectedError):
        claim.delete()
    with rejected("review_verdict_valid"):
        ClaimReview.objects.create(claim=claim, reviewer=review.reviewer, verdict="maybe")


def test_audit_events_are_append_only(claim):
    record_audit(claim.document.project_id, None, "claim.created", claim, after={"text": claim.text})
    event = claim.document.project.audit_events.get()
    with rejected("append-only"):
        type(event).objects.filter(pk=event.pk).update(action="claim.deleted")
    with rejected("append-only"):
        type(event).objects.filter(pk=event.pk).delete()
