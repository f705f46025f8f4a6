"""A newsroom with approved, pending and rejected claims, built through the services, for the
analytics tests (claims.analytics, its API and its page)."""

import datetime
from dataclasses import dataclass

from claims import services
from claims.models import Claim, Document, Project, Role, Source
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory, claim_on

WHEN_UNDATED_CLAIM_WAS_MADE = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)


@dataclass
class Newsroom:
    """Three articles: the Global Times' (March 2024), Radio Free Asia's (May 2024) and a blog's
    without outlet or date. Approved: Officials twice (relayed by Global Times, then by Global
    Times and Reuters), Spokesman twice (once relayed by Xinhua, in the undated blog). Pending
    and rejected claims by Officials, which no figure counts."""

    project: Project
    annotator: object
    reviewer: object
    manager: object
    outsider: object
    officials: Source
    spokesman: Source
    global_times: Source
    reuters: Source
    xinhua: Source


def document(project: Project, text: str, outlet: str = "", published_on=None) -> Document:
    return DocumentFactory(
        project=project,
        text=text,
        outlet=outlet,
        published_on=published_on,
    )


def claim(document: Document, part: str, source, actor, kind: str = "indirect", via=()) -> Claim:
    """A pending claim on the first occurrence of part, made through the services."""
    return claim_on(document, part, source=source, actor=actor, kind=kind, via=via)


def review(claim: Claim, reviewer, verdict: str) -> Claim:
    claim.refresh_from_db()
    return services.review_claim(claim.pk, reviewer=reviewer, verdict=verdict, version=claim.version)


def approved(document: Document, part: str, source, newsroom: Newsroom, **options) -> Claim:
    return review(claim(document, part, source, newsroom.annotator, **options), newsroom.reviewer, "approve")


def build_newsroom() -> Newsroom:
    project = ProjectFactory(slug="analytics-desk", name="Analytics desk")
    sources = {
        name: SourceFactory(project=project, name=title, kind=kind)
        for name, title, kind in [
            ("officials", "Officials", "group"),
            ("spokesman", "Spokesman", "person"),
            ("global_times", "Global Times", "outlet"),
            ("reuters", "Reuters", "outlet"),
            ("xinhua", "Xinhua", "outlet"),
        ]
    }
    newsroom = Newsroom(
        project=project,
        annotator=MembershipFactory(project=project, role=Role.ANNOTATOR).user,
        reviewer=MembershipFactory(project=project, role=Role.REVIEWER).user,
        manager=MembershipFactory(project=project, role=Role.MANAGER).user,
        outsider=MembershipFactory(role=Role.MANAGER).user,  # a manager, of another project
        **sources,
    )
    n = newsroom
    march = document(
        project,
        "Officials said the border was closed. Officials said trade will grow.",
        "Global Times",
        datetime.date(2024, 3, 5),
    )
    may = document(
        project,
        "Officials said the talks failed. A spokesman said nothing changed.",
        "Radio Free Asia",
        datetime.date(2024, 5, 20),
    )
    blog = document(project, "A spokesman said the port is open. Nobody said anything else.")

    approved(march, "the border was closed", n.officials, n, via=[n.global_times])
    approved(may, "the talks failed", n.officials, n, kind="direct", via=[n.global_times, n.reuters])
    approved(may, "nothing changed", n.spokesman, n, kind="according_to")
    undated = approved(blog, "the port is open", n.spokesman, n, via=[n.xinhua])
    Claim.objects.filter(pk=undated.pk).update(created_at=WHEN_UNDATED_CLAIM_WAS_MADE)
    claim(march, "trade will grow", n.officials, n.annotator, via=[n.reuters])  # pending
    review(claim(blog, "anything else", n.officials, n.annotator, kind="mixed"), n.reviewer, "reject")
    return newsroom


def add_relayed_claims(newsroom: Newsroom, count: int) -> None:
    """count more approved claims, each in an article of its own, relayed by two outlets."""
    n = newsroom
    for number in range(count):
        article = document(n.project, f"Officials said report {number} is out.", f"Outlet {number}")
        approved(article, f"report {number} is out", n.officials, n, via=[n.xinhua, n.reuters])
