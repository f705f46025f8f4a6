"""The review queue: a project's claims with their sentence in context, filtered and paginated
on the server. Decisions go through the API (``POST /api/claims/{id}/review/``) from
``claims/static/claims/review.js``; this module only reads."""

import json
import re
from dataclasses import dataclass, field
from itertools import pairwise

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.text import Truncator

from claims import access
from claims.models import (
    AttributionKind,
    Claim,
    ClaimReview,
    ClaimStatus,
    Document,
    Origin,
    Project,
    Role,
    Source,
    SourceAlias,
    SourceKind,
)
from claims.pages.attribution import Attribution, attribution_of
from claims.pages.views import _project_for
from claims.selectors import with_attribution
from claims.services import OWN_APPROVAL, REVIEW_TRANSITIONS

PAGE_SIZE = 50
CONTEXT_LIMIT = 300
ELLIPSIS = "…"

# A sentence ends at a newline, or at . ! ? (and any closing quotes or brackets) before a space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*(?=\s)|\n")


@dataclass(frozen=True)
class SentenceContext:
    """The claim and the text of its sentence(s) on either side; a cut side shows an ellipsis."""

    before: str
    claim: str
    after: str


def sentence_in_context(text: str, start: int, end: int, limit: int = CONTEXT_LIMIT) -> SentenceContext:
    """The sentence(s) around ``text[start:end]``: from the end of the sentence before the claim
    to the end of the sentence the claim ends in. The claim is kept whole; the context on both
    sides together is cut, at a word boundary and with an ellipsis, past about ``limit``
    characters (each side gets half, and what one side leaves unused goes to the other)."""
    window_start = max(0, start - limit - 1)
    begin = window_start
    for match in _SENTENCE_END.finditer(text, window_start, start):
        begin = match.end()
    window_end = min(len(text), end + limit + 1)
    stop = window_end
    match = _SENTENCE_END.search(text, max(start, end - 1), window_end)
    if match:
        stop = max(match.end(), end)
    before = text[begin:start].lstrip()
    after = text[end:stop].rstrip()
    half = limit // 2
    before_budget = half + max(0, half - len(after))
    after_budget = half + max(0, half - len(before))
    return SentenceContext(
        before=_keep_end(before, before_budget, cut=begin > 0 and begin == window_start),
        claim=text[start:end],
        after=_keep_start(after, after_budget, cut=stop < len(text) and stop == window_end),
    )


def _keep_end(before: str, budget: int, *, cut: bool) -> str:
    """The last budget characters of before, starting at a word, after an ellipsis if cut."""
    if len(before) > budget:
        kept = before[len(before) - budget :] if budget > 0 else ""
        if kept and not before[len(before) - budget - 1].isspace():
            word_end = re.search(r"\s", kept)
            kept = kept[word_end.start() :] if word_end else kept
        before, cut = kept.lstrip(), True
    return f"{ELLIPSIS}{before}" if cut else before


def _keep_start(after: str, budget: int, *, cut: bool) -> str:
    """The first budget characters of after, ending at a word, before an ellipsis if cut."""
    if len(after) > budget:
        kept = after[:budget]
        if kept and not after[budget].isspace():
            last_space = max(kept.rfind(" "), kept.rfind("\n"))
            kept = kept[:last_space] if last_space > 0 else kept
        after, cut = kept.rstrip(), True
    return f"{after}{ELLIPSIS}" if cut else after


@dataclass(frozen=True)
class Piece:
    """A stretch of the shown context with the same marks: part of the cue or not, and the
    sources that the mentions over it name. The claim's highlight opens and closes at pieces'
    edges, so that it stays one element however many marks lie inside it."""

    text: str
    cue: bool = False
    names: tuple[str, ...] = ()
    opens_claim: bool = False
    closes_claim: bool = False

    @property
    def marks(self) -> str:
        """The CSS classes of the stretch; empty when it is plain text (or only claim)."""
        return " ".join(mark for mark, on in [("cue", self.cue), ("mention", bool(self.names))] if on)

    @property
    def title(self) -> str:
        parts = ["cue"] if self.cue else []
        parts += [f"names {name}" for name in self.names]
        return "; ".join(parts)


def marked_context(text: str, claim: Claim, context: SentenceContext) -> list[Piece]:
    """The context as pieces, cut wherever the claim, its cue or one of its mentions starts or
    ends, so the row can highlight the cue and mentions that fall in the shown sentence(s)."""
    lead, shown_start = _shown_start(text, claim.start, context.before)
    tail, shown_end = _shown_end(text, claim.end, context.after)
    spans = [(m.start, m.end) for m in claim.mentions.all()]
    if claim.cue_start is not None:
        spans.append((claim.cue_start, claim.cue_end))
    cuts = {shown_start, claim.start, claim.end, shown_end}
    cuts.update(edge for span in spans for edge in span if shown_start < edge < shown_end)
    edges = sorted(cuts)
    pieces = [Piece(lead)] if lead else []
    pieces += [_piece(text, claim, begin, stop) for begin, stop in pairwise(edges)]
    if tail:
        pieces.append(Piece(tail))
    return pieces


def _shown_start(text: str, start: int, before: str) -> tuple[str, int]:
    """The ellipsis shown ahead of the context ("" when none) and where the rest begins in text:
    sentence_in_context keeps a suffix of the text before the claim, maybe after an ellipsis."""
    if text[:start].endswith(before):
        return "", start - len(before)
    return ELLIPSIS, start - len(before) + len(ELLIPSIS)


def _shown_end(text: str, end: int, after: str) -> tuple[str, int]:
    """The ellipsis shown after the context ("" when none) and where the context ends in text."""
    if text.startswith(after, end):
        return "", end + len(after)
    return ELLIPSIS, end + len(after) - len(ELLIPSIS)


def _piece(text: str, claim: Claim, begin: int, stop: int) -> Piece:
    def covers(start, end) -> bool:
        return start is not None and start <= begin and stop <= end

    return Piece(
        text=text[begin:stop],
        cue=covers(claim.cue_start, claim.cue_end),
        names=tuple(m.source.name for m in claim.mentions.all() if covers(m.start, m.end)),
        opens_claim=begin == claim.start,
        closes_claim=stop == claim.end,
    )


# Filters ----------------------------------------------------------------------------------

STATUS_CHOICES = [
    (ClaimStatus.PENDING, "pending"),
    (ClaimStatus.APPROVED, "approved"),
    (ClaimStatus.REJECTED, "rejected"),
    (ClaimStatus.SUGGESTED, "suggested"),
    ("any", "any status"),
]


def sources_in_use(project: Project):
    """The project's sources that its claims are attributed to."""
    return (
        Source.objects.filter(project=project, claims__document__project=project)
        .distinct()
        .order_by("name", "id")
    )


def source_choices(project: Project) -> list[tuple[int, str]]:
    """The sources in use, for a select: "Police (group)"."""
    sources = sources_in_use(project).values_list("id", "name", "kind")
    return [(pk, f"{name} ({SourceKind(kind).label.lower()})") for pk, name, kind in sources]


def source_aliases(project: Project) -> dict[int, list[str]]:
    """Each source in use's other names (the canonical name is an alias row too), in one query."""
    aliases: dict[int, list[str]] = {}
    rows = SourceAlias.objects.filter(source__in=sources_in_use(project).values("id")).order_by("name")
    for source_id, name, canonical in rows.values_list("source_id", "name", "source__name"):
        if name != canonical:
            aliases.setdefault(source_id, []).append(name)
    return aliases


class SourceSelect(forms.Select):
    """A select whose options carry their source's aliases, so that review.js's type-ahead
    finds "Radio Free Asia" when one types "RFA"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.aliases: dict[int, list[str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.aliases:
            option["attrs"]["data-aliases"] = json.dumps(self.aliases[value])
        return option


def document_choices(project: Project) -> list[tuple[int, str]]:
    titles = project.documents.order_by("id").values_list("id", "title")
    return [(pk, Truncator(title).chars(70)) for pk, title in titles]


class QueueFilters(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    source = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, widget=SourceSelect)
    document = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    annotator = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(choices=[("", "any kind"), *AttributionKind.choices], required=False)

    def __init__(self, data, *, project: Project):
        data = data.copy()
        if not data.get("status"):
            data["status"] = ClaimStatus.PENDING
        super().__init__(data)
        self.fields["source"].choices = [("", "any source"), *source_choices(project)]
        self.fields["source"].widget.aliases = source_aliases(project)
        self.fields["document"].choices = [("", "any document"), *document_choices(project)]
        usernames = (
            get_user_model()
            .objects.filter(claims__document__project=project)
            .distinct()
            .order_by("username")
            .values_list("username", flat=True)
        )
        self.fields["annotator"].choices = [("", "anyone")] + [(name, name) for name in usernames]

    def filter(self, claims):
        """The claims matching the valid filters; an invalid one is shown as an error and unused."""
        self.is_valid()
        chosen = self.cleaned_data
        status = chosen.get("status") or ClaimStatus.PENDING
        if status != "any":
            claims = claims.filter(status=status)
        if chosen.get("source"):
            claims = claims.filter(source_id=chosen["source"])
        if chosen.get("document"):
            claims = claims.filter(document_id=chosen["document"])
        if chosen.get("annotator"):
            claims = claims.filter(created_by__username=chosen["annotator"])
        if chosen.get("kind"):
            claims = claims.filter(kind=chosen["kind"])
        return claims


# The page ---------------------------------------------------------------------------------

VERDICT_DONE = {"approve": "approved", "reject": "rejected", "reopen": "reopened"}

# How a claim that no annotator marked by hand came about, named in its row's meta line before
# the person behind it; a person's own claim has no such words, only "by" them.
ORIGIN_SHOWN = {Origin.MACHINE: "machine suggestion", Origin.MERGED: "merged in adjudication"}


def allowed_verdicts(status: str) -> list[str]:
    return [verdict.value for verdict, (statuses, _) in REVIEW_TRANSITIONS.items() if status in statuses]


@dataclass
class Row:
    claim: Claim
    context: list[Piece]
    attribution: Attribution
    verdicts: list[str]
    own: bool
    history: list[dict] = field(default_factory=list)
    settled: bool = False  # the document is adjudicated: no verdict is offered

    @property
    def origin(self) -> str:
        """How the claim came about: machine suggestion, merged in adjudication; "" by hand."""
        return ORIGIN_SHOWN.get(self.claim.origin, "")

    @property
    def by(self) -> str:
        """The words before the person behind the claim: whoever accepted a machine suggestion,
        the adjudicator who merged, the annotator; "" for a suggestion nobody accepted yet."""
        if self.claim.created_by_id is None:
            return ""
        return "accepted by" if self.claim.origin == Origin.MACHINE else "by"


def queue_claims(project: Project, user):
    reviews = Prefetch(
        "reviews", queryset=ClaimReview.objects.select_related("reviewer").order_by("created_at", "id")
    )
    return (
        with_attribution(access.visible_claims(user, Claim.objects.filter(document__project=project)))
        .select_related("source", "created_by", "document")
        .defer("document__text", "document__raw")
        .prefetch_related(reviews)
        .order_by("document_id", "start", "end", "id")
    )


def review_rows(claims: list[Claim], user) -> list[Row]:
    """One row a claim, with its sentence in context; the documents' texts in one query."""
    texts = dict(Document.objects.filter(pk__in={c.document_id for c in claims}).values_list("id", "text"))
    return [review_row(claim, texts[claim.document_id], user) for claim in claims]


def review_row(claim: Claim, text: str, user) -> Row:
    """The claim with what a reviewer checks: its sentence with the cue and mentions marked,
    the cue's and the mentions' words, the relay chain and the reviews so far."""
    context = sentence_in_context(text, claim.start, claim.end)
    # as services._check_unsettled has it: an adjudicated document's claims take no verdict
    settled = claim.document.adjudicated_at is not None
    return Row(
        claim=claim,
        context=marked_context(text, claim, context),
        attribution=attribution_of(text, claim),
        verdicts=[] if settled else allowed_verdicts(claim.status),
        own=claim.created_by_id == user.pk,
        settled=settled,
        history=[
            {
                "by": review.reviewer.get_username(),
                "verdict": review.verdict,
                "done": VERDICT_DONE[review.verdict],
                "comment": review.comment,
                "at": review.created_at,
            }
            for review in claim.reviews.all()
        ],
    )


@login_required
def review_queue(request, project_id: int):
    project = _project_for(request, project_id)
    role = access.role_in(request.user, project.pk)
    can_review = role in (Role.REVIEWER, Role.MANAGER)
    filters = QueueFilters(request.GET, project=project)
    paginator = Paginator(filters.filter(queue_claims(project, request.user)), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page_data = {
        "canReview": can_review,
        "username": request.user.get_username(),
        "transitions": {
            verdict.value: sorted(statuses) for verdict, (statuses, _) in REVIEW_TRANSITIONS.items()
        },
    }
    context = {
        "project": project,
        "role": role,
        "can_review": can_review,
        "own_claim_refusal": OWN_APPROVAL.capitalize(),
        "filters": filters,
        "page": page,
        "rows": review_rows(list(page.object_list), request.user),
        "page_data": page_data,
    }
    return render(request, "claims/review.html", context)
