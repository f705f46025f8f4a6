"""A project with claims to review, built through the services, for the page and browser tests."""

from dataclasses import dataclass, field

from claims import services
from claims.models import Claim, Document, Project, Role
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory

PASSWORD = "correct horse battery staple"

BORDER = (
    "Beijing has tightened checks on the southern border. Liu Huaming said the illegal emigrants "
    "spend between 30,000 and 50,000 yuan for their whole trip, reports Global Times. Police say that "
    "many who left joined underground preaching groups.\n\n"
    '"We will reopen it soon," a spokesman told the Global Times. Officials said the border was closed!'
)
KAZAKHS = (
    "Official figures show there are around 1.5 million Kazakhs in China. She was detained when customs "
    "were checking her mobile phone, the source said."
)


def document(project: Project, title: str, text: str) -> Document:
    return DocumentFactory(project=project, title=title, text=text)


def claim(document: Document, part: str, source, actor, kind: str = "indirect") -> Claim:
    """A claim on the first occurrence of part, made through the services."""
    start = document.text.index(part)
    return services.create_claim(
        document, start=start, end=start + len(part), text=part, kind=kind, source=source, actor=actor
    )


def review(claim: Claim, reviewer, verdict: str, comment: str = "") -> Claim:
    claim.refresh_from_db()
    return services.review_claim(
        claim.pk, reviewer=reviewer, verdict=verdict, version=claim.version, comment=comment
    )


@dataclass
class Queue:
    project: Project
    annotator: object
    reviewer: object
    second_reviewer: object
    outsider: object
    border: Document
    kazakhs: Document
    sources: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)


def build_queue() -> Queue:
    """Four pending claims by the annotator (in reading order: trip, preaching, reopen, figures),
    one pending claim by the reviewer (closed), one approved (detained) and none rejected."""
    project = ProjectFactory(slug="border-desk", name="Border desk")
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR, user__username="annie").user
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER, user__username="rita").user
    second = MembershipFactory(project=project, role=Role.REVIEWER, user__username="sam").user
    outsider = MembershipFactory(role=Role.MANAGER, user__username="otto").user
    sources = {
        name: SourceFactory(project=project, name=name, kind=kind)
        for name, kind in [
            ("Liu Huaming", "person"),
            ("Police", "group"),
            ("a spokesman", "anonymous"),
            ("Officials", "group"),
            ("official figures", "document"),
            ("a second source", "anonymous"),
            ("Unused outlet", "outlet"),
        ]
    }
    border = document(project, "Beijing cracks down on border crossings", BORDER)
    kazakhs = document(project, "Kazakhs detained in Xinjiang", KAZAKHS)
    claims = {
        "trip": claim(
            border,
            "the illegal emigrants spend between 30,000 and 50,000 yuan for their whole trip",
            sources["Liu Huaming"],
            annotator,
        ),
        "preaching": claim(
            border, "many who left joined underground preaching groups", sources["Police"], annotator
        ),
        "reopen": claim(border, '"We will reopen it soon,"', sources["a spokesman"], annotator, "direct"),
        "closed": claim(border, "the border was closed", sources["Officials"], reviewer),
        "figures": claim(
            kazakhs,
            "there are around 1.5 million Kazakhs in China",
            sources["official figures"],
            annotator,
            "according_to",
        ),
        "detained": claim(
            kazakhs,
            "She was detained when customs were checking her mobile phone",
            sources["a second source"],
            annotator,
            "direct",
        ),
    }
    review(claims["detained"], second, "approve", "Matches the RFA original")
    return Queue(project, annotator, reviewer, second, outsider, border, kazakhs, sources, claims)
