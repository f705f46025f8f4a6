"""bench/load.py's pure pieces: its percentiles, how it classes answers and reads a restart, and
the lost-write check against acknowledged writes in the test database."""

import pytest

from claims import services
from tests.bench.scripts import load_script
from tests.factories import ARTICLE, ClaimFactory, DocumentFactory, SourceFactory, UserFactory


@pytest.fixture(scope="module")
def load():
    return load_script("load")


def test_percentiles_interpolate_between_the_nearest_ranks(load):
    values = list(range(100, 0, -1))  # 1..100, unsorted
    assert load.percentile(values, 0.50) == pytest.approx(50.5)
    assert load.percentile(values, 0.95) == pytest.approx(95.05)
    assert load.percentile(values, 0.99) == pytest.approx(99.01)
    assert (load.percentile(values, 0), load.percentile(values, 1)) == (1, 100)
    assert load.percentile([0.007], 0.99) == 0.007
    assert load.percentile([1.0, 2.0, 3.0, 10.0], 0.5) == pytest.approx(2.5)
    with pytest.raises(ValueError):
        load.percentile([], 0.5)
    with pytest.raises(ValueError):
        load.percentile([1.0], 1.5)


def test_milliseconds_reports_the_percentiles_and_the_worst(load):
    figures = load.milliseconds([0.001 * n for n in range(1, 101)])
    assert figures == pytest.approx({"p50": 50.5, "p95": 95.05, "p99": 99.01, "max": 100.0})


def record(load, route, status, started=0.0, elapsed=0.01, detail=""):
    return load.RequestRecord(route, status, started, elapsed, detail)


def test_a_409_is_expected_from_an_edit_or_a_review_only(load):
    outcomes = [
        load.outcome(record(load, route, status))
        for route, status in [
            (load.ROUTE_EDIT, 409),
            (load.ROUTE_REVIEW, 409),
            (load.ROUTE_CREATE, 409),
            (load.ROUTE_CREATE, 201),
            (load.ROUTE_CREATE, 200),
            (load.ROUTE_LIST, 503),
            (load.ROUTE_EDIT, None),
        ]
    ]
    assert outcomes == ["409", "409", "other", "ok", "other", "5xx", "other"]


def test_the_outage_runs_from_the_first_failure_to_the_first_success_after_the_last(load):
    restart = load.Restart(started=10.0, finished=12.0, output="restarted")
    records = [
        record(load, load.ROUTE_CREATE, 201, started=9.0),
        record(load, load.ROUTE_CREATE, 503, started=9.95, elapsed=0.1),  # sent before, failed during
        record(load, load.ROUTE_EDIT, None, started=10.2, detail="ConnectionResetError: reset"),
        record(load, load.ROUTE_LIST, 200, started=10.3),  # a success between failures
        record(load, load.ROUTE_REVIEW, 503, started=10.5, elapsed=0.05),
        record(load, load.ROUTE_CREATE, 201, started=10.8, elapsed=0.02),
        record(load, load.ROUTE_CREATE, 201, started=11.0),
    ]
    seen = load.outage(records, restart)
    assert seen.failures == {"503": 2, "no answer (ConnectionResetError)": 1}
    assert seen.failures_by_route == {load.ROUTE_CREATE: 1, load.ROUTE_EDIT: 1, load.ROUTE_REVIEW: 1}
    assert seen.first_failure == pytest.approx(-0.05)
    assert seen.last_failure == pytest.approx(0.55)
    assert seen.recovered == pytest.approx(0.82)
    assert load.outage(records[:1], restart).failures == {}


@pytest.fixture
def claim_history(db):
    """A claim created, edited and approved through the services, as the API would."""
    document = DocumentFactory(text=ARTICLE)
    source = SourceFactory(project=document.project)
    annotator, reviewer = UserFactory(), UserFactory()
    text = ARTICLE[0:37]
    claim = services.create_claim(
        document,
        start=0,
        end=37,
        text=text,
        kind="indirect",
        source=source,
        cue=(10, 14),
        mentions=[services.MentionSpan(0, 9)],
        actor=annotator,
    )
    services.update_claim(claim.pk, version=1, actor=annotator, kind="direct", cue=None)
    services.review_claim(claim.pk, reviewer=reviewer, verdict="approve", version=2, comment="fine")
    return claim.pk, document.pk, text, annotator.username, reviewer.username


def test_nothing_is_lost_when_the_database_holds_every_acknowledged_state(load, claim_history):
    claim_id, document_id, text, author, reviewer = claim_history
    acknowledged = load.Acknowledged(
        created=[load.CreatedClaim(claim_id, document_id, 0, 37, text, author)],
        # the edit's version 2 is behind the stored 3 (the review came after it): at least that state
        edited=[load.EditedClaim(claim_id, 2, "direct", None)],
        reviewed=[load.ReviewedClaim(claim_id, 3, reviewer, "approve", "fine")],
    )
    assert load.lost_writes(acknowledged) == []


def test_each_acknowledged_write_the_database_lacks_is_named(load, claim_history):
    claim_id, document_id, text, author, reviewer = claim_history
    acknowledged = load.Acknowledged(
        created=[
            load.CreatedClaim(claim_id + 1000, document_id, 0, 37, text, author),
            load.CreatedClaim(claim_id, document_id, 0, 36, text[:36], author),
        ],
        edited=[
            load.EditedClaim(claim_id, 5, "direct", None),
            load.EditedClaim(claim_id, 3, "mixed", None),
        ],
        reviewed=[
            load.ReviewedClaim(claim_id, 3, "someone-else", "approve", "fine"),
            load.ReviewedClaim(claim_id, 3, reviewer, "reject", "fine"),
        ],
    )
    lost = load.lost_writes(acknowledged)
    assert len(lost) == 6
    assert lost[0] == f"CreatedClaim {claim_id + 1000}: missing"
    assert lost[1].startswith(f"CreatedClaim {claim_id}: stored as ({document_id}, 0, 37, ")
    assert lost[2] == f"EditedClaim {claim_id}: at version 3, below the acknowledged 5"
    assert (
        lost[3] == f"EditedClaim {claim_id}: version 3 holds ('direct', None), acknowledged ('mixed', None)"
    )
    assert lost[4] == f"ReviewedClaim {claim_id}: no approve review by someone-else"
    assert lost[5] == f"ReviewedClaim {claim_id}: no reject review by {reviewer}"


def test_a_claim_written_without_its_audit_row_is_lost(load, db):
    claim = ClaimFactory()  # straight into the table, past the services that audit
    created = load.CreatedClaim(
        claim.pk, claim.document_id, claim.start, claim.end, claim.text, claim.created_by.username
    )
    assert load.lost_writes(load.Acknowledged(created=[created])) == [
        f"CreatedClaim {claim.pk}: no claim.created audit row"
    ]
