"""Relational model of documents, sources, claims and their reviews.

Offsets are half-open ``[start, end)`` in Unicode code points of ``Document.text``.
Invariants that span tables (a span lies inside its document, a claim's text is the
document's text at its offsets, every row of a claim belongs to one project, reviews and
audit rows are append-only) are enforced by triggers in migration 0002 as well as in
``claims.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Exact
from django.utils import timezone


def _valid_choice(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


def _valid_span(start: str, end: str) -> Q:
    # Explicit NOT NULL: a CHECK whose condition is NULL passes.
    return (
        Q(**{f"{start}__isnull": False, f"{end}__isnull": False})
        & Q(**{f"{start}__gte": 0})
        & Q(**{f"{start}__lt": F(end)})
    )


class Role(models.TextChoices):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"
    MANAGER = "manager"


class Project(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    blind = models.BooleanField(
        default=False,
        help_text="Annotators see only their own claims on a document until it is adjudicated.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one project; staff superusers act in every project without one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_once_per_project"),
            models.CheckConstraint(condition=_valid_choice("role", Role), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.project}"

    @property
    def can_review(self) -> bool:
        return self.role in (Role.REVIEWER, Role.MANAGER)


class Document(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=500)
    text = models.TextField(help_text="Normalised text (NFC, \\n line ends); fixed once claimed.")
    raw = models.TextField(help_text="The input as read, before normalisation, for provenance.")
    source_file = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the UTF-8 text, hex.")
    imported_at = models.DateTimeField(default=timezone.now)
    adjudicated_at = models.DateTimeField(null=True, blank=True)
    adjudicated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adjudicated_at__isnull=True) | Q(adjudicated_by__isnull=False),
                name="document_adjudicated_by_someone",
            ),
            models.UniqueConstraint(fields=["project", "sha256"], name="document_text_once_per_project"),
            models.CheckConstraint(condition=Exact(Length("sha256"), 64), name="document_sha256_hex"),
            models.CheckConstraint(condition=~Q(title=""), name="document_title_present"),
            models.CheckConstraint(condition=~Q(text=""), name="document_text_present"),
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A document given to an annotator to mark; several annotators on one document make its
    agreement measurable (claims.agreement)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="assignment_once")]
        indexes = [models.Index(fields=["user", "document"], name="assignment_by_user")]


class SourceKind(models.TextChoices):
    OUTLET = "outlet"
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    DOCUMENT = "document", "document or data"
    ANONYMOUS = "anonymous"


class Source(models.Model):
    """One real-world source in a project's registry. Its canonical name is also one of
    its ``aliases`` rows, so a single case-insensitive unique index covers every name."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    name = models.CharField(max_length=300)
    affiliation = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="affiliates"
    )
    description = models.TextField(blank=True)
    needs_review = models.BooleanField(
        default=False,
        help_text="Proposed by the suggester for a name the registry did not know; "
        "a reviewer's edit of the source clears it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=_valid_choice("kind", SourceKind), name="source_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_present"),
            models.CheckConstraint(condition=~Q(affiliation=F("id")), name="source_not_affiliated_to_itself"),
        ]

    def __str__(self) -> str:
        return self.name


class SourceAlias(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)

    class Meta:
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint("project", Lower("name"), name="alias_unique_ignoring_case_per_project"),
            models.CheckConstraint(condition=~Q(name=""), name="alias_name_present"),
        ]

    def __str__(self) -> str:
        return self.name


class AttributionKind(models.TextChoices):
    DIRECT = "direct", "direct quote"
    INDIRECT = "indirect", "indirect (paraphrase)"
    MIXED = "mixed", "mixed (partly quoted)"
    ACCORDING_TO = "according_to", "according to"
    AUTHOR = "author", "author's own"


class ClaimStatus(models.TextChoices):
    SUGGESTED = "suggested"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Origin(models.TextChoices):
    HUMAN = "human"
    MACHINE = "machine"
    # An adjudicator's reading composed of several annotators' claims, which stay as they were
    # marked (rejected) so that agreement between the annotators does not move.
    MERGED = "merged"


class Claim(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claims", db_index=False)
    start = models.IntegerField()
    end = models.IntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=AttributionKind.choices)
    status = models.CharField(max_length=16, choices=ClaimStatus.choices)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.HUMAN)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims", db_index=False)
    cue_start = models.IntegerField(null=True, blank=True)
    cue_end = models.IntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["document_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=_valid_span("start", "end"), name="claim_span_valid"),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | _valid_span("cue_start", "cue_end"),
                name="claim_cue_span_valid",
            ),
            models.CheckConstraint(condition=_valid_choice("kind", AttributionKind), name="claim_kind_valid"),
            models.CheckConstraint(condition=_valid_choice("status", ClaimStatus), name="claim_status_valid"),
            models.CheckConstraint(condition=_valid_choice("origin", Origin), name="claim_origin_valid"),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            models.CheckConstraint(
                condition=Q(origin=Origin.MACHINE) | Q(created_by__isnull=False),
                name="claim_human_has_creator",
            ),
        ]
        indexes = [
            models.Index(fields=["document", "start", "end"], name="claim_document_order"),
            models.Index(fields=["source", "status"], name="claim_source_status"),
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.source})"


class Mention(models.Model):
    """Where a source is named in the text, for one claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="mentions")
    start = models.IntegerField()
    end = models.IntegerField()

    class Meta:
        ordering = ["start", "end"]
        constraints = [
            models.CheckConstraint(condition=_valid_span("start", "end"), name="mention_span_valid"),
            models.UniqueConstraint(fields=["claim", "start", "end"], name="mention_once_per_claim"),
        ]


class ClaimRelay(models.Model):
    """One link of a claim's relay chain: the sources it passed through, in order."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relays")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="relays")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "position"], name="relay_position_once"),
            models.UniqueConstraint(fields=["claim", "source"], name="relay_source_once"),
        ]


class Verdict(models.TextChoices):
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"


class ClaimReview(models.Model):
    """Append-only: a reviewed claim cannot be deleted and a review never changes."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=_valid_choice("verdict", Verdict), name="review_verdict_valid"),
        ]


class AuditEvent(models.Model):
    """Append-only record of one change of state, written in the same transaction."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="Empty for changes made by a management command or the machine.",
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.BigIntegerField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["project", "created_at"], name="audit_project_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]


class JobKind(models.TextChoices):
    IMPORT_DOCUMENTS = "import_documents", "import documents"
    SUGGEST_PROJECT = "suggest_project", "suggest claims"
    EXPORT_PROJECT = "export_project", "export claims"


class JobStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(models.Model):
    """A long piece of work over a project (claims.jobs), run by a Celery worker or in process;
    done out of total is its progress, result what it reports when it ends."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=32, choices=JobKind.choices)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    parameters = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Empty for a job a management command started.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=_valid_choice("kind", JobKind), name="job_kind_valid"),
            models.CheckConstraint(condition=_valid_choice("status", JobStatus), name="job_status_valid"),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="job_done_within_total"),
            models.CheckConstraint(
                condition=Q(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED], finished_at__isnull=False)
                | Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], finished_at__isnull=True),
                name="job_finished_when_ended",
            ),
        ]
        indexes = [models.Index(fields=["project", "-created_at"], name="job_project_recent")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
