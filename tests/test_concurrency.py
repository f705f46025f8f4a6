"""Two reviewers deciding the same claim at the same moment, each on a connection of its
own to the real database: exactly one wins, the other is told the claim moved on."""

import threading

import pytest
from django.db import connection

from claims import services
from claims.errors import StaleVersion
from claims.models import Claim, ClaimReview
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def decide_at_once(claim_id: int, decisions: list[tuple]) -> list:
    start = threading.Barrier(len(decisions))
    outcomes = [None] * len(decisions)

    def decide(index, reviewer, verdict):
        try:
            start.wait()
            outcomes[index] = services.review_claim(
                claim_id, reviewer=reviewer, verdict=verdict, version=1
            ).status
        except StaleVersion as error:
            outcomes[index] = error
        finally:
            connection.close()  # each thread has its own connection

    threads = [
        threading.Thread(target=decide, args=(index, reviewer, verdict))
        for index, (reviewer, verdict) in enumerate(decisions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
