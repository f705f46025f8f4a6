"""claims.adjudication: take, merge and drop claims into the approved set, then declare the
document adjudicated."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import adjudication, agreement, services
from claims.errors import Conflict, StaleVersion
from claims.models import AuditEvent, Claim, ClaimReview, Document, Role
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db

TEXT = 'Officials said the border was closed on Monday. "We will reopen it soon," a spokesman said.'


@pytest.fixture
def desk():
    """A document, two annotators, a reviewer who adjudicates, two sources, and claim(user,
    words, source, **more) to mark the words (more: cue, mentions, via)."""
    document = DocumentFactory(text=TEXT)
    project = document.project
    alice, bob = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))

    def claim(user, words, source, **more):
        return claim_on(document, words, source=source, actor=user, **more)

    return SimpleNamespace(
        document=document,
        alice=alice,
        bob=bob,
        judge=MembershipFactory(project=project, role=Role.REVIEWER).user,
        officials=SourceFactory(project=project, name="Officials"),
        spokesman=SourceFactory(project=project, name="A spokesman"),
        claim=claim,
    )


def test_claims_group_by_overlap_in_text_order(desk):
    a = desk.claim(desk.alice, "the border was closed", desk.officials)
    b = desk.claim(desk.bob, "border was closed on Monday", desk.officials)
    c = desk.claim(desk.alice, "We will reopen it soon", desk.spokesman)
    groups = adjudication.clusters([c, b, a])
    assert [[x.pk for x in group.claims] for group in groups] == [[a.pk, b.pk], [c.pk]]
    assert (groups[0].start, groups[0].end) == (a.start, b.end)


def test_taking_a_claim_rejects_the_other_readings_of_its_words(desk):
    taken = desk.claim(desk.alice, "the border was closed", desk.officials)
    rival = desk.claim(desk.bob, "border was closed on Monday", desk.officials)
    elsewhere = desk.claim(desk.bob, "We will reopen it soon", desk.spokesman)
    adjudication.take_claim(taken.pk, adjudicator=desk.judge, version=1)
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses == {taken.pk: "approved", rival.pk: "rejected", elsewhere.pk: "pending"}
    review = ClaimReview.objects.get(claim=rival)
    assert (review.reviewer, review.comment) == (desk.judge, f"adjudication took claim {taken.pk} instead")


def test_taking_an_approved_claim_again_is_refused_in_plain_words(desk):
    taken = desk.claim(desk.alice, "the border was closed", desk.officials)
    adjudication.take_claim(taken.pk, adjudicator=desk.judge, version=1)
    with pytest.raises(Conflict, match=r"^an approved claim cannot be given the verdict 'approve'$"):
        adjudication.take_claim(taken.pk, adjudicator=desk.judge, version=2)


def test_taking_a_claim_is_refused_while_another_reading_is_approved(desk):
    approved = desk.claim(desk.alice, "the border was closed", desk.officials)
    services.review_claim(approved.pk, reviewer=desk.judge, verdict="approve", version=1)
    duplicate = desk.claim(desk.bob, "the border was closed", desk.officials)

    with pytest.raises(Conflict, match=f"claim {approved.pk} is approved over these words already"):
        adjudication.take_claim(duplicate.pk, adjudicator=desk.judge, version=1)
    assert Claim.objects.get(pk=duplicate.pk).status == "pending"
    assert not ClaimReview.objects.filter(claim=duplicate).exists()


def test_merging_composes_a_new_claim_over_all_their_words_and_rejects_the_claims_merged(desk):
    global_times = SourceFactory(project=desk.document.project, name="Global Times")
    said = (TEXT.index("said"), TEXT.index("said") + 4)
    lead = desk.claim(
        desk.alice,
        "the border was closed",
        desk.officials,
        cue=said,
        mentions=[services.MentionSpan(0, 9)],
        via=[global_times, desk.spokesman],
    )
    other = desk.claim(desk.bob, "border was closed on Monday", desk.spokesman)
    merged = adjudication.merge_claims(
        lead.pk, adjudicator=desk.judge, versions={lead.pk: 1, other.pk: 1}, source=desk.officials
    )
    assert merged.pk not in (lead.pk, other.pk)
    assert (merged.text, merged.source, merged.status, merged.origin, merged.created_by) == (
        "the border was closed on Monday",
        desk.officials,
        "approved",
        "merged",
        desk.judge,
    )
    # the cue, mentions (naming whom they named) and relay chain of the claim naming that source
    assert (merged.cue_start, merged.cue_end) == said
    assert [(m.start, m.end, m.source) for m in merged.mentions.all()] == [(0, 9, desk.officials)]
    assert [relay.source for relay in merged.relays.all()] == [global_times, desk.spokesman]
    # the annotators' claims keep their words and sources, rejected
    marked = {c.pk: (c.text, c.source, c.status) for c in Claim.objects.filter(pk__in=[lead.pk, other.pk])}
    assert marked == {
        lead.pk: ("the border was closed", desk.officials, "rejected"),
        other.pk: ("border was closed on Monday", desk.spokesman, "rejected"),
    }
    assert ClaimReview.objects.get(claim=other).comment == f"merged into claim {merged.pk} in adjudication"
    actions = list(AuditEvent.objects.filter(target_id=merged.pk).values_list("action", flat=True))
    assert actions == ["claim.created", "claim.reviewed"]


def test_a_merge_takes_the_attribution_of_the_claim_that_named_the_source_chosen(desk):
    """Whichever claim leads, the chosen source comes with the cue, mentions and chain of the
    reading that named it: another reading's mentions would name someone else."""
    global_times = SourceFactory(project=desk.document.project, name="Global Times")
    said = (TEXT.index("said"), TEXT.index("said") + 4)
    lead = desk.claim(desk.alice, "the border was closed", desk.officials, cue=said, via=[global_times])
    named = desk.claim(
        desk.bob, "border was closed on Monday", desk.spokesman, mentions=[services.MentionSpan(0, 9)]
    )
    merged = adjudication.merge_claims(
        lead.pk, adjudicator=desk.judge, versions={lead.pk: 1, named.pk: 1}, source=desk.spokesman
    )
    assert (merged.source, merged.cue_start, list(merged.relays.all())) == (desk.spokesman, None, [])
    assert [(m.start, m.end, m.source) for m in merged.mentions.all()] == [(0, 9, desk.spokesman)]


@pytest.mark.parametrize(
    ("other_words", "source_name", "field", "problem"),
    [
        ("We will reopen it soon", "Officials", "others", "do not overlap"),
        ("border was closed on Monday", "Global Times", "source", "must be the source of one of the claims"),
    ],
)
def test_a_merge_of_other_words_or_to_a_source_no_reading_named_stores_nothing(
    desk, other_words, source_name, field, problem
):
    SourceFactory(project=desk.document.project, name="Global Times")
    lead = desk.claim(desk.alice, "the border was closed", desk.officials)
    other = desk.claim(desk.bob, other_words, desk.officials)
    source = desk.document.project.sources.get(name=source_name)
    with pytest.raises(ValidationError) as refused:
        adjudication.merge_claims(
            lead.pk, adjudicator=desk.judge, versions={lead.pk: 1, other.pk: 1}, source=source
        )
    assert problem in " ".join(refused.value.message_dict[field])
    assert set(Claim.objects.values_list("status", flat=True)) == {"pending"}
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_a_reviewer_cannot_approve_their_own_reading_by_merging_it(desk):
    own = desk.claim(desk.judge, "the border was closed", desk.officials)
    other = desk.claim(desk.bob, "border was closed on Monday", desk.spokesman)
    for lead in (own, other):
        with pytest.raises(PermissionDenied, match=f"claim {own.pk} is yours"):
            adjudication.merge_claims(lead.pk, adjudicator=desk.judge, versions={own.pk: 1, other.pk: 1})
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_a_merge_leaves_the_agreement_between_the_annotators_as_it_was(desk):
    lead = desk.claim(desk.alice, "the border was closed", desk.officials)
    other = desk.claim(desk.bob, "border was closed on Monday", desk.spokesman)
    before = agreement.agreement([desk.document])
    adjudication.merge_claims(lead.pk, adjudicator=desk.judge, versions={lead.pk: 1, other.pk: 1})
    after = agreement.agreement([desk.document])
    assert after == before
    assert after[0].annotators == sorted([desk.alice.username, desk.bob.username])


def test_a_stale_version_stores_nothing_of_the_merge_and_names_the_stale_claim(desk):
    lead = desk.claim(desk.alice, "the border was closed", desk.officials)
    other = desk.claim(desk.bob, "border was closed on Monday", desk.officials)
    with pytest.raises(StaleVersion) as raised:
        adjudication.merge_claims(lead.pk, adjudicator=desk.judge, versions={lead.pk: 1, other.pk: 7})
    assert raised.value.claim_id == other.pk
    assert set(Claim.objects.values_list("status", "version")) == {("pending", 1)}
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_the_document_is_adjudicated_once_nothing_is_pending(desk):
    taken = desk.claim(desk.alice, "the border was closed", desk.officials)
    dropped = desk.claim(desk.bob, "We will reopen it soon", desk.officials)
    adjudication.take_claim(taken.pk, adjudicator=desk.judge, version=1)
    with pytest.raises(Conflict, match=rf"1 claims of document {desk.document.pk} are pending"):
        adjudication.finish_adjudication(desk.document.pk, adjudicator=desk.judge)
    services.review_claim(dropped.pk, reviewer=desk.judge, verdict="reject", version=1, comment="not a claim")
    adjudication.finish_adjudication(desk.document.pk, adjudicator=desk.judge)
    document = Document.objects.get(pk=desk.document.pk)
    assert document.adjudicated_by == desk.judge and document.adjudicated_at is not None
    event = AuditEvent.objects.get(action="document.adjudicated")
    assert event.after == {
        "adjudicated_by": desk.judge.username,
        "approved_claims": 1,
        "discarded_suggestions": 0,
    }
    with pytest.raises(Conflict, match="adjudicated already"):
        adjudication.finish_adjudication(desk.document.pk, adjudicator=desk.judge)


def test_the_suggestions_nobody_took_are_discarded_with_the_entries_only_they_proposed(desk):
    taken = desk.claim(desk.alice, "the border was closed", desk.officials)
    adjudication.take_claim(taken.pk, adjudicator=desk.judge, version=1)
    proposed = SourceFactory(project=desk.document.project, name="A spokesman said", needs_review=True)
    start = TEXT.index("We will")
    waiting = services.create_claim(
        desk.document,
        start=start,
        end=start + len("We will reopen it soon"),
        text="We will reopen it soon",
        kind="direct",
        source=proposed,
        actor=None,
        origin="machine",
    )
    adjudication.finish_adjudication(desk.document.pk, adjudicator=desk.judge)
    assert not Claim.objects.filter(pk=waiting.pk).exists()
    assert not type(proposed).objects.filter(pk=proposed.pk).exists()
    assert AuditEvent.objects.get(action="document.adjudicated").after["discarded_suggestions"] == 1
    assert AuditEvent.objects.filter(action="claim.deleted", target_id=waiting.pk).exists()
    assert list(Claim.objects.values_list("pk", "status")) == [(taken.pk, "approved")]


@pytest.mark.parametrize("change", ["reopen", "edit"])
def test_an_adjudicated_documents_claims_stay_as_decided(desk, change):
    taken = desk.claim(desk.alice, "the border was closed", desk.officials)
    adjudication.take_claim(taken.pk, adjudicator=desk.judge, version=1)
    adjudication.finish_adjudication(desk.document.pk, adjudicator=desk.judge)
    with pytest.raises(Conflict, match="document has been adjudicated: its claims stay as decided"):
        if change == "reopen":
            services.review_claim(taken.pk, reviewer=desk.judge, verdict="reopen", version=2)
        else:
            services.update_claim(taken.pk, version=2, actor=desk.alice, kind="direct")
    assert Claim.objects.get(pk=taken.pk).status == "approved"
