"""A small annotated project for the export tests, built through the services, and a helper
to build many claims quickly for the query-count tests."""

from dataclasses import dataclass
from datetime import UTC, datetime

from claims import services
from claims.exports import ExportQuery, export
from claims.models import Claim, ClaimRelay, ClaimReview, ClaimStatus, Document, Mention, Project, Source
from tests.factories import ARTICLE, ClaimFactory, DocumentFactory, ProjectFactory, SourceFactory, UserFactory

# Two emoji before the first claim: each is one code point but two UTF-16 units, so an
# offset counted in JavaScript units would be off by two.
BORDER_TEXT = (
    '🙂🙂 Liu Huaming said the "trip, all told, costs 30,000 yuan" per person.\n'
    '"We will reopen it soon," a spokesman told the Global Times, China Topix reports.'
)
POLICE_TEXT = "Police say that many who left joined underground preaching groups."
QUIET_TEXT = "Nothing here is attributed to anyone."


def at(text: str, part: str) -> tuple[int, int]:
    """The code-point span of the first occurrence of part in text."""
    start = text.index(part)
    return start, start + len(part)


@dataclass
class Annotated:
    project: Project
    annotator: object
    reviewer: object
    global_times: Source
    china_topix: Source
    bureau: Source
    liu: Source
    spokesman: Source
    police: Source
    border: Document
    police_report: Document
    quiet: Document
    liu_claim: Claim  # approved after a rejection, with cue, mention and relay chain
    spokesman_claim: Claim  # pending, relayed twice
    police_claim: Claim  # a machine's suggestion, rejected

    def query(self, **filters) -> ExportQuery:
        return ExportQuery(project=self.project, **filters)

    def export(self, format_name: str, **filters) -> str:
        return "".join(export(self.query(**filters), format_name))


def build_annotated_project() -> Annotated:
    project = ProjectFactory(slug="border-news", name="Border news")
    annotator, reviewer = UserFactory(username="annie"), UserFactory(username="rev")
    sources = _registry(project)
    border = _document(project, "Border “closed”, officials say", BORDER_TEXT, outlet="China Topix")
    police_report = _document(project, "Police, preachers", POLICE_TEXT)
    quiet = _document(project, "A quiet day", QUIET_TEXT)
    liu_claim = services.create_claim(
        border,
        **_span(BORDER_TEXT, 'the "trip, all told, costs 30,000 yuan"'),
        kind="mixed",
        source=sources["liu"],
        cue=at(BORDER_TEXT, "said"),
        mentions=[services.MentionSpan(*at(BORDER_TEXT, "Liu Huaming"))],
        via=[sources["global_times"]],
        actor=annotator,
    )
    spokesman_claim = services.create_claim(
        border,
        **_span(BORDER_TEXT, '"We will reopen it soon,"'),
        kind="direct",
        source=sources["spokesman"],
        cue=at(BORDER_TEXT, "told the Global Times"),
        mentions=[
            services.MentionSpan(*at(BORDER_TEXT, "a spokesman")),
            services.MentionSpan(*at(BORDER_TEXT, "Global Times"), source=sources["global_times"]),
        ],
        via=[sources["global_times"], sources["china_topix"]],
        actor=annotator,
    )
    police_claim = services.create_claim(
        police_report,
        **_span(POLICE_TEXT, "many who left joined underground preaching groups"),
        kind="indirect",
        source=sources["police"],
        actor=None,
        origin="machine",
    )
    review(liu_claim, reviewer, "reject", 'Says "30,000", not 50,000; check\nthe source', hour=9)
    review(liu_claim, reviewer, "approve", "fixed, thanks", hour=10)
    review(police_claim, reviewer, "reject", "", hour=11)
    set_status(liu_claim, ClaimStatus.APPROVED)
    set_status(police_claim, ClaimStatus.REJECTED)
    return Annotated(
        project=project,
        annotator=annotator,
        reviewer=reviewer,
        border=border,
        police_report=police_report,
        quiet=quiet,
        liu_claim=liu_claim,
        spokesman_claim=spokesman_claim,
        police_claim=police_claim,
        **sources,
    )


def _registry(project: Project) -> dict[str, Source]:
    bureau = services.create_source(project, name="Fangchenggang Public Security Bureau", kind="organisation")
    return {
        "global_times": services.create_source(
            project, name="Global Times", kind="outlet", aliases=["China's Global Times", "GT"]
        ),
        "china_topix": services.create_source(project, name="China Topix", kind="outlet"),
        "bureau": bureau,
        "liu": services.create_source(
            project, name="Liu Huaming", kind="person", affiliation=bureau, description="deputy head"
        ),
        "spokesman": services.create_source(project, name="a spokesman", kind="anonymous"),
        "police": services.create_source(project, name="Police", kind="group"),
    }


def _document(project: Project, title: str, text: str, **fields) -> Document:
    return DocumentFactory(
        project=project,
        title=title,
        text=text,
        byline="Staff reporter",
        url="https://example.org/news/1",
        published_on=datetime(2016, 2, 1).date(),
        **fields,
    )


def _span(text: str, part: str) -> dict:
    start, end = at(text, part)
    return {"start": start, "end": end, "text": part}


def review(claim: Claim, reviewer, verdict: str, comment: str, *, hour: int) -> ClaimReview:
    # The review service does not exist yet: reviews are rows, and the status is set apart.
    moment = datetime(2024, 5, 1, hour, 30, tzinfo=UTC)
    return ClaimReview.objects.create(
        claim=claim, reviewer=reviewer, verdict=verdict, comment=comment, created_at=moment
    )


def set_status(claim: Claim, status: str) -> None:
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()


def build_many_claims(documents: int, claims_per_document: int) -> Project:
    """A project whose every claim has a mention, a relay link and a review."""
    project = ProjectFactory()
    source, relay = SourceFactory(project=project), SourceFactory(project=project)
    author, reviewer = UserFactory(), UserFactory()
    for number in range(documents):
        document = DocumentFactory(project=project, text=f"{ARTICLE} Report {number}.")
        for _ in range(claims_per_document):
            claim = ClaimFactory(
                document=document, source=source, created_by=author, cue_start=10, cue_end=14
            )
            Mention.objects.create(claim=claim, source=source, start=0, end=9)
            ClaimRelay.objects.create(claim=claim, source=relay, position=0)
            review(claim, reviewer, "approve", "fine", hour=8)
    return project
