"""The review queue: a project's claims with their sentence in context, filtered and paginated
on the server. Decisions go through the API (``POST /api/claims/{id}/review/``) from
``claims/static/claims/review.js``; this module only reads."""

import re
from dataclasses import dataclass, field

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
    Project,
    Role,
    Source,
    SourceKind,
)
from claims.pages.views import _project_for
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


def document_choices(project: Project) -> list[tuple[int, str]]:
    titles = project.documents.order_by("id").values_list("id", "title")
    return [(pk, Truncator(title).chars(70)) for pk, title in titles]


class QueueFilters(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    source = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    document = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    annotator = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(choices=[("", "any kind"), *AttributionKind.choices], required=False)

    def __init__(self, data, *, project: Project):
        data = data.copy()
        if not data.get("status"):
            data["status"] = ClaimStatus.PENDING
        super().__init__(data)
        self.fields["source"].choices = [("", "any source"), *source_choices(project)]
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


def allowed_verdicts(status: str) -> list[str]:
    return [verdict.value for verdict, (statuses, _) in REVIEW_TRANSITIONS.items() if status in statuses]


@dataclass
class Row:
    claim: Claim
    context: SentenceContext
    verdicts: list[str]
    own: bool
    history: list[dict] = field(default_factory=list)


def queue_claims(project: Project, user):
    reviews = Prefetch(
        "reviews", queryset=ClaimReview.objects.select_related("reviewer").order_by("created_at", "id")
    )
    return (
        access.visible_claims(user, Claim.objects.filter(document__project=project))
        .select_related("source", "created_by", "document")
        .defer("document__text", "document__raw")
        .prefetch_related(reviews)
        .order_by("document_id", "start", "end", "id")
    )


def review_rows(claims: list[Claim], user) -> list[Row]:
    """One row a claim, with its sentence in context; the documents' texts in one query."""
    texts = dict(Document.objects.filter(pk__in={c.document_id for c in claims}).values_list("id", "text"))
    return [
        Row(
            claim=claim,
            context=sentence_in_context(texts[claim.document_id], claim.start, claim.end),
            verdicts=allowed_verdicts(claim.status),
            own=claim.created_by_id == user.pk,
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
        for claim in claims
    ]


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
