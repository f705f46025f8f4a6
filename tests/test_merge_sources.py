"""services.merge_sources: "RFA" into "Radio Free Asia", everything moved in one transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import AuditEvent, Claim, ClaimRelay, Mention, Source, SourceAlias
from tests.factories import ClaimFactory, DocumentFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    document = DocumentFactory()
    project = document.project
    full = services.create_source(project, name="Radio Free Asia", kind="outlet")
    short = services.create_source(project, name="RFA", kind="outlet", aliases=["R.F.A."], needs_review=True)
    official = SourceFactory(project=project, name="Li Wei", kind="person", affiliation=short)
    times = SourceFactory(project=project, name="Global Times", kind="outlet")
    return document, full, short, official, times


def relay_chain(claim: Claim) -> list[str]:
    return [relay.source.name for relay in claim.relays.order_by("position")]


def test_claims_mentions_aliases_and_affiliates_move_to_the_kept_source(registry):
    document, full, short, official, _ = registry
    reviewer = UserFactory()
    claim = ClaimFactory(document=document, source=short)
    Mention.objects.create(claim=claim, source=short, start=0, end=9)
    services.merge_sources(short, full, actor=reviewer)

    claim.refresh_from_db()
    assert (claim.source, claim.version) == (full, 2)
    assert Mention.objects.get(claim=claim).source == full
    assert sorted(SourceAlias.objects.filter(source=full).values_list("name", flat=True)) == [
        "R.F.A.",
        "RFA",
        "Radio Free Asia",
    ]
    assert services.find_alias(document.project, "rfa").source == full
    official.refresh_from_db()
    assert official.affiliation == full
    assert not Source.objects.filter(pk=short.pk).exists()


def test_the_merge_is_audited_on_the_source_and_on_each_claim(registry):
    document, full, short, _, _ = registry
    reviewer = UserFactory()
    claim = ClaimFactory(document=document, source=short)
    services.merge_sources(short, full, actor=reviewer)

    merged = AuditEvent.objects.get(action="source.merged")
    assert (merged.actor, merged.target_id) == (reviewer, full.pk)
    assert merged.before["absorbed"]["name"] == "RFA"
    assert merged.before["absorbed"]["aliases"] == ["R.F.A."]
    assert merged.after["moved"] == {"claims": 1, "mentions": 0, "relay_links_dropped": 0, "aliases": 2}
    assert merged.after["kept"]["aliases"] == ["R.F.A.", "RFA"]
    history = AuditEvent.objects.get(action="claim.source_merged", target_id=claim.pk)
    assert history.before == {"source": short.pk, "merged_source": "RFA"}
    assert history.after == {"source": full.pk, "merged_into": "Radio Free Asia", "version": 2}


def test_relay_links_follow_and_a_link_that_would_repeat_is_dropped(registry):
    document, full, short, official, times = registry
    through_short = ClaimFactory(document=document, source=official)
    ClaimRelay.objects.create(claim=through_short, source=short, position=0)
    ClaimRelay.objects.create(claim=through_short, source=times, position=1)
    both = ClaimFactory(document=document, source=official)
    for position, relay in enumerate([full, short, times]):
        ClaimRelay.objects.create(claim=both, source=relay, position=position)
    own = ClaimFactory(document=document, source=full)
    ClaimRelay.objects.create(claim=own, source=short, position=0)

    services.merge_sources(short, full)
    assert relay_chain(through_short) == ["Radio Free Asia", "Global Times"]
    assert relay_chain(both) == ["Radio Free Asia", "Global Times"]
    assert list(both.relays.values_list("position", flat=True)) == [0, 1]
    assert relay_chain(own) == []
    merged = AuditEvent.objects.get(action="source.merged")
    assert merged.after["moved"]["relay_links_dropped"] == 2
    assert merged.after["moved"]["claims"] == 3


def test_the_kept_entry_counts_as_reviewed_and_keeps_its_own_fields(registry):
    _, full, short, _, _ = registry
    full.needs_review, full.description = True, "US-funded broadcaster"
    full.save()
    services.merge_sources(short, full)
    full.refresh_from_db()
    assert (full.name, full.kind, full.description, full.needs_review) == (
        "Radio Free Asia",
        "outlet",
        "US-funded broadcaster",
        False,
    )


def test_an_affiliation_to_the_absorbed_entry_is_not_left_pointing_at_itself(registry):
    _, full, short, _, _ = registry
    full.affiliation = short
    full.save()
    services.merge_sources(short, full)
    full.refresh_from_db()
    assert full.affiliation is None


def test_an_affiliate_of_the_absorbed_entry_above_the_kept_one_makes_no_cycle(registry):
    """Li Wei (kept) → ministry → RFA (absorbed): the ministry, RFA's affiliate, becomes Li Wei's,
    so Li Wei's own link to it goes, rather than Li Wei → ministry → Li Wei."""
    _, _, short, official, _ = registry
    ministry = SourceFactory(project=official.project, name="The ministry", affiliation=short)
    official.affiliation = ministry
    official.save()
    services.merge_sources(short, official)
    official.refresh_from_db()
    ministry.refresh_from_db()
    assert (official.affiliation, ministry.affiliation) == (None, official)


@pytest.mark.parametrize("case", ["itself", "another project"])
def test_merging_refuses_itself_and_other_projects(registry, case):
    _, full, _, _, _ = registry
    into = full if case == "itself" else SourceFactory(name="Radio Free Asia")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.merge_sources(full, into)
    assert list(error.value.message_dict) == ["into"]
    assert Source.objects.filter(pk=full.pk).exists()
    assert AuditEvent.objects.count() == before


def test_a_failure_half_way_stores_nothing(registry, monkeypatch):
    document, full, short, _, _ = registry
    claim = ClaimFactory(document=document, source=short)

    def fail(*args, **kwargs):
        raise RuntimeError("the connection dropped")

    monkeypatch.setattr(services, "_record_claims_merged", fail)
    with pytest.raises(RuntimeError):
        services.merge_sources(short, full)
    claim.refresh_from_db()
    assert (claim.source_id, claim.version) == (short.pk, 1)
    assert Source.objects.filter(pk=short.pk).exists()
    assert SourceAlias.objects.filter(source=short).count() == 2
    assert not AuditEvent.objects.filter(action="source.merged").exists()


def test_the_query_count_does_not_grow_with_the_claims(registry):
    document, full, short, _, _ = registry
    ClaimFactory(document=document, source=short)
    first_other = SourceFactory(project=document.project, name="RFA Mandarin")
    ClaimFactory(document=document, source=first_other)
    with CaptureQueriesContext(connection) as few:
        services.merge_sources(first_other, full)
    for _ in range(20):
        ClaimFactory(document=document, source=short)
    with CaptureQueriesContext(connection) as many:
        services.merge_sources(short, full)
    assert len(many.captured_queries) == len(few.captured_queries)
