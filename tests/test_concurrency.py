"""Two reviewers deciding, or two people editing, the same version of a claim at the same
moment, each on a connection of its own to the real database: exactly one wins, the other is
told the claim moved on. Likewise two managers demoting each other: one manager stays."""

import pytest

from claims import services
from claims.errors import Conflict, StaleVersion
from claims.models import AuditEvent, Claim, ClaimReview, Membership, Role
from tests.factories import ClaimFactory, MembershipFactory, UserFactory
from tests.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls) -> list:
    """The calls at the same moment; a Conflict (StaleVersion) is an outcome like a result."""
    return at_once(*calls, caught=(Conflict,))


def decide_at_once(claim_id: int, decisions: list[tuple]) -> list:
    return race(
        *(
            lambda reviewer=reviewer, verdict=verdict: (
                services.review_claim(claim_id, reviewer=reviewer, verdict=verdict, version=1).status
            )
            for reviewer, verdict in decisions
        )
    )


@pytest.mark.parametrize("attempt", range(3))
def test_of_two_simultaneous_reviews_exactly_one_wins(attempt):
    claim = ClaimFactory()
    outcomes = decide_at_once(claim.pk, [(UserFactory(), "approve"), (UserFactory(), "reject")])
    winners = [o for o in outcomes if isinstance(o, str)]
    losers = [o for o in outcomes if isinstance(o, StaleVersion)]
    assert len(winners) == 1 and len(losers) == 1
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.version) == (winners[0], 2)
    assert ClaimReview.objects.filter(claim=claim).count() == 1
    assert losers[0].current["status"] == winners[0]


@pytest.mark.parametrize("attempt", range(3))
def test_of_two_simultaneous_edits_of_one_version_exactly_one_wins(attempt):
    claim = ClaimFactory(kind="indirect")
    author, manager = claim.created_by, UserFactory()
    outcomes = race(
        lambda: services.update_claim(claim.pk, version=1, actor=author, kind="direct").kind,
        lambda: services.update_claim(claim.pk, version=1, actor=manager, kind="mixed").kind,
    )
    winners = [o for o in outcomes if isinstance(o, str)]
    losers = [o for o in outcomes if isinstance(o, StaleVersion)]
    assert len(winners) == 1 and len(losers) == 1
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.kind, stored.version) == (winners[0], 2)
    assert losers[0].current["kind"] == winners[0] and losers[0].current["version"] == 2
    assert AuditEvent.objects.filter(target_id=claim.pk, action="claim.edited").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_of_two_managers_demoting_each_other_at_once_one_stays_manager(attempt):
    first = MembershipFactory(role=Role.MANAGER)
    second = MembershipFactory(project=first.project, role=Role.MANAGER)
    outcomes = race(
        lambda: services.set_membership(first.project, second.user, Role.ANNOTATOR, actor=first.user).role,
        lambda: services.set_membership(first.project, first.user, Role.ANNOTATOR, actor=second.user).role,
    )
    assert sorted(map(str, outcomes)) == [services.LAST_MANAGER, Role.ANNOTATOR]
    roles = Membership.objects.filter(project=first.project).values_list("role", flat=True)
    assert sorted(roles) == [Role.ANNOTATOR, Role.MANAGER]
