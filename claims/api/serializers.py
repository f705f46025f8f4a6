"""Representations for the API. Input serializers check types and shapes only and are
strict: a field the endpoint does not take is refused by name. The domain rules (spans
inside the text, the relay chain, the four-eyes rule) live in claims.services.

Read serializers never query per item: a page's document texts are loaded in one query by
the list serializer, and everything else comes from select_related/prefetch_related."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims.exports import FORMATS
from claims.models import (
    AttributionKind,
    ClaimStatus,
    Document,
    Job,
    JobKind,
    JobStatus,
    Membership,
    Origin,
    Project,
    Role,
    Source,
    SourceKind,
    Verdict,
)

MAX_TEXT = 100_000
MAX_SPANS = 200
# Ids are 64-bit: a larger number names nothing, and SQLite cannot even compare it with one.
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}


NOT_AN_INTEGER = {"strict": "must be a JSON integer, not {kind}."}


def _require_json_integer(field: serializers.Field, data) -> None:
    if isinstance(data, bool) or not isinstance(data, int):
        field.fail("strict", kind=type(data).__name__)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: ``"5"``, ``5.0`` and ``true`` are refused rather than coerced."""

    default_error_messages = NOT_AN_INTEGER

    def to_internal_value(self, data):
        _require_json_integer(self, data)
        return super().to_internal_value(data)


class StatusListField(serializers.ListField):
    """Claim statuses, refused as any other field is, with a flat list of messages naming each
    bad value: ListField keys its children's errors by position ({"0": [...]}), which means
    nothing for ?status=a&status=b."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=ClaimStatus.choices), **kwargs)

    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as error:
            messages = [message for item_messages in error.detail.values() for message in item_messages]
            raise serializers.ValidationError(messages) from error


@extend_schema_field(OpenApiTypes.INT)
class IdField(serializers.PrimaryKeyRelatedField):
    """The id of an object the user may see; its queryset is set per request. A JSON integer
    only: DRF's own would look up ``"4"``, and ``4.5`` as 4."""

    default_error_messages = NOT_AN_INTEGER

    def to_internal_value(self, data):
        _require_json_integer(self, data)
        return super().to_internal_value(data)


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's, with a user name no longer than the user model allows: a longer one is refused
    by name before authentication, whose failure record (django-axes) holds 255 characters."""

    username = serializers.CharField(
        label="Username",
        write_only=True,
        max_length=get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length,
    )


class StrictSerializer(serializers.Serializer):
    """Refuses fields the endpoint does not take, naming each."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [self._unknown_message(name)] for name in unknown})
        return super().to_internal_value(data)

    def _unknown_message(self, name: str) -> str:
        if name == "status":
            return "status changes only through review: POST /api/claims/{id}/review/"
        return "is not a field this endpoint takes"


class NoInputSerializer(StrictSerializer):
    """The body of an action that takes none: any field in it is refused by name."""


# Projects ---------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, allow_null=True, help_text="Your role in the project.")

    class Meta:
        model = Project
        fields = ["id", "slug", "name", "description", "blind", "created_at", "role"]
        read_only_fields = ["id", "created_at", "role"]


class ProjectCreateSerializer(StrictSerializer):
    slug = serializers.SlugField(max_length=64)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)


class ProjectUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    blind = serializers.BooleanField(
        required=False, help_text="Annotators see only their own claims until a document is adjudicated."
    )


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "role", "created_at"]


class MemberCreateSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)


class MemberRoleSerializer(StrictSerializer):
    role = serializers.ChoiceField(choices=Role.choices)


# Documents --------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)
    pending_count = serializers.IntegerField(read_only=True)
    approved_count = serializers.IntegerField(read_only=True)
    annotators = serializers.SerializerMethodField(help_text="Who the document is assigned to.")

    class Meta:
        model = Document
        fields = [
            "id",
            "project",
            "title",
            "outlet",
            "byline",
            "url",
            "published_on",
            "sha256",
            "imported_at",
            "claim_count",
            "pending_count",
            "approved_count",
            "annotators",
            "adjudicated_at",
        ]

    def get_annotators(self, document) -> list[str]:
        return sorted(assignment.user.get_username() for assignment in document.assignments.all())


class AssignmentInputSerializer(StrictSerializer):
    annotators = serializers.ListField(
        child=serializers.CharField(max_length=150), min_length=1, max_length=100
    )


class DocumentUploadSerializer(StrictSerializer):
    """Article files to import, sent as multipart/form-data."""

    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),  # an empty one is refused by name
        min_length=1,
        max_length=100,
        help_text="One part per file: .txt or .html news pages, UTF-8.",
    )


class DocumentUploadResultSerializer(serializers.Serializer):
    imported = DocumentSerializer(many=True, help_text="The documents stored, in the order read.")
    already_present = serializers.IntegerField(help_text="Articles whose text the project holds already.")


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text"]


class SuggestionReportSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=["lexical", "tagger"],
        help_text="How the suggester read the text: rules over words, or taggers trained on PolNeAR.",
    )
    created = serializers.IntegerField(help_text="Suggested claims written.")
    replaced = serializers.IntegerField(help_text="Unreviewed suggestions of an earlier run deleted.")
    skipped = serializers.IntegerField(help_text="Attributions on the span of a claim that stays.")
    new_sources = serializers.IntegerField(help_text="Registry entries proposed, marked needs_review.")
    dropped_sources = serializers.IntegerField(
        help_text="Entries an earlier run proposed that nothing names any more, deleted."
    )
    claim_count = serializers.IntegerField(help_text="The document's claims now, of every status.")


class SuggestionOutcomesSerializer(serializers.Serializer):
    suggested = serializers.IntegerField(help_text="Suggestions nobody has decided yet.")
    accepted = serializers.IntegerField(help_text="Taken on by a person: pending or approved since.")
    pending = serializers.IntegerField()
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    total = serializers.IntegerField(help_text="Machine-origin claims in the project.")
    share_accepted = serializers.FloatField(
        allow_null=True, help_text="accepted / (accepted + rejected); null before any is decided."
    )


class SpanF1Serializer(serializers.Serializer):
    exact = serializers.FloatField(allow_null=True, help_text="Spans with the same offsets.")
    overlap = serializers.FloatField(allow_null=True, help_text="Spans with a character in common.")


class RoleF1Serializer(serializers.Serializer):
    claim = SpanF1Serializer()
    cue = SpanF1Serializer()
    source = SpanF1Serializer(help_text="Where the source is named (mentions).")


class AlphaSerializer(serializers.Serializer):
    all = serializers.FloatField(allow_null=True, help_text="Over the values cue, source, claim, none.")
    claim = serializers.FloatField(allow_null=True)
    cue = serializers.FloatField(allow_null=True)
    source = serializers.FloatField(allow_null=True)


class AgreementFiguresSerializer(serializers.Serializer):
    annotators = serializers.ListField(child=serializers.CharField())
    documents = serializers.IntegerField()
    f1 = RoleF1Serializer(help_text="Span F1 between annotators, summed over pairs; null without spans.")
    alpha = AlphaSerializer(help_text="Token-wise Krippendorff's alpha (nominal); null without two values.")
    source_agreement = serializers.FloatField(
        allow_null=True, help_text="Of the claims matched by overlap, the share with the same source."
    )
    matched_claims = serializers.IntegerField()


class DocumentAgreementSerializer(AgreementFiguresSerializer):
    document = serializers.IntegerField()
    title = serializers.CharField()


class PairAgreementSerializer(AgreementFiguresSerializer):
    pair = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2)


class AgreementSerializer(serializers.Serializer):
    overall = AgreementFiguresSerializer()
    documents = DocumentAgreementSerializer(many=True)
    pairs = PairAgreementSerializer(many=True)


# Sources ----------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "project",
            "name",
            "kind",
            "aliases",
            "affiliation",
            "description",
            "needs_review",
            "created_at",
        ]
        read_only_fields = ["needs_review"]

    def get_aliases(self, source) -> list[str]:
        return sorted(alias.name for alias in source.aliases.all() if alias.name != source.name)


class SourceCreateSerializer(StrictSerializer):
    project = IdField(queryset=Project.objects.none())
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, default=list, max_length=50
    )
    affiliation = IdField(queryset=Source.objects.none(), required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)

    def __init__(self, *args, projects=None, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["affiliation"].queryset = sources


class SourceUpdateSerializer(StrictSerializer):
    name = serializers.CharField(
        max_length=300, required=False, help_text="A new name; the old one stays as an alias."
    )
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        max_length=50,
        help_text="Aliases to add.",
    )
    remove_aliases = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        max_length=50,
        help_text="Aliases to remove (ignoring case); the source's own name cannot be.",
    )
    affiliation = IdField(
        queryset=Source.objects.none(),
        required=False,
        allow_null=True,
        help_text="Another source of the project this one belongs to; null clears it. One that leads "
        "back to this source through its own affiliations (a cycle) is refused.",
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliation"].queryset = sources

    def validate(self, data):
        # update_source reads affiliation None as "leave it" (load_registry's entries without
        # one); a null here asks for it to go
        if "affiliation" in data and data["affiliation"] is None:
            del data["affiliation"]
            data["clear_affiliation"] = True
        return data


class SourceMergeSerializer(StrictSerializer):
    into = IdField(
        queryset=Source.objects.none(),
        help_text="The entry that stays: this one's claims, mentions, relay links and aliases move to it.",
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = sources


# Claims -----------------------------------------------------------------------------------


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()


class MentionSerializer(SpanSerializer):
    source = serializers.IntegerField()


class ReviewSerializer(serializers.Serializer):
    by = serializers.CharField(source="reviewer.username")
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    comment = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")


class BatchListSerializer(serializers.ListSerializer):
    """A list that loads what its items need in one batch before presenting each, so that no
    item queries on its own: what the child's batch_context(items) loads goes into its context."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self.child.context.update(self.child.batch_context(items))
        return [self.child.to_representation(item) for item in items]


# Fields declared rather than read off the model: a ModelSerializer redoes that for every
# claim it presents (measured: 1.4 of 7 ms of POST /api/claims/).
class ClaimSerializer(serializers.Serializer):
    """A claim with its cue, mentions, relay chain and reviews."""

    id = serializers.IntegerField(read_only=True)
    document = serializers.IntegerField(source="document_id", read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=AttributionKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, read_only=True)
    origin = serializers.ChoiceField(choices=Origin.choices, read_only=True)
    source = serializers.IntegerField(source="source_id", read_only=True)
    cue = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()
    via = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        list_serializer_class = BatchListSerializer

    @staticmethod
    def batch_context(claims: list) -> dict:
        """The texts of the claims' documents, in one query, for cue and mention text."""
        texts = Document.objects.filter(id__in={claim.document_id for claim in claims})
        return {"document_texts": dict(texts.values_list("id", "text"))}

    def _text(self, claim) -> str:
        texts = self.context.setdefault("document_texts", {})
        if claim.document_id not in texts:
            texts[claim.document_id] = Document.objects.values_list("text", flat=True).get(
                pk=claim.document_id
            )
        return texts[claim.document_id]

    def get_cue(self, claim) -> SpanSerializer(allow_null=True):
        if claim.cue_start is None:
            return None
        return {
            "start": claim.cue_start,
            "end": claim.cue_end,
            "text": self._text(claim)[claim.cue_start : claim.cue_end],
        }

    def get_mentions(self, claim) -> MentionSerializer(many=True):
        text = self._text(claim)
        return [
            {"start": m.start, "end": m.end, "text": text[m.start : m.end], "source": m.source_id}
            for m in claim.mentions.all()
        ]

    def get_via(self, claim) -> list[int]:
        return [relay.source_id for relay in claim.relays.all()]


class SpanInputSerializer(StrictSerializer):
    start = StrictIntegerField()
    end = StrictIntegerField()


class SourceIdField(StrictIntegerField):
    """The id of a source of the claim's project; ClaimInputSerializer looks up all of a
    claim's sources (its own, its mentions', its relay chain) in one query."""

    def __init__(self, **kwargs):
        super().__init__(**ID_RANGE, **kwargs)


class MentionInputSerializer(SpanInputSerializer):
    source = SourceIdField(required=False, allow_null=True, default=None)


class ClaimInputSerializer(StrictSerializer):
    """Create takes every field but cue, mentions and via; update takes any, with version."""

    document = IdField(queryset=Document.objects.none())
    start = StrictIntegerField()
    end = StrictIntegerField()
    text = serializers.CharField(trim_whitespace=False, max_length=MAX_TEXT)
    kind = serializers.ChoiceField(choices=AttributionKind.choices)
    source = SourceIdField()
    cue = SpanInputSerializer(required=False, allow_null=True)
    mentions = MentionInputSerializer(many=True, required=False, max_length=MAX_SPANS)
    via = serializers.ListField(child=SourceIdField(), required=False, max_length=20)

    def __init__(self, *args, documents=None, project_id=None, **kwargs):
        """documents: those the user may see; project_id: the claim's project, when no
        document is given (an edit)."""
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.project_id = project_id

    def validate(self, data):
        mentions = data.get("mentions", [])
        wanted = {data.get("source"), *data.get("via", []), *(m["source"] for m in mentions)} - {None}
        project_id = data["document"].project_id if "document" in data else self.project_id
        found = Source.objects.filter(project_id=project_id).in_bulk(wanted) if wanted else {}
        errors = {}
        if data.get("source") is not None:
            missing = _missing([data["source"]], found)
            if missing:
                errors["source"] = missing
            else:
                data["source"] = found[data["source"]]
        if "via" in data:
            errors["via"] = _missing(data["via"], found)
            data["via"] = [found.get(pk) for pk in data["via"]]
        for index, mention in enumerate(mentions):
            if mention["source"] is not None:
                errors.setdefault("mentions", []).extend(
                    f"[{index}].source: {message}" for message in _missing([mention["source"]], found)
                )
                mention["source"] = found.get(mention["source"])
        errors = {name: messages for name, messages in errors.items() if messages}
        if errors:
            raise serializers.ValidationError(errors)
        return data


def _missing(ids: list[int], found: dict) -> list[str]:
    return [f"source {pk} does not exist in this claim's project" for pk in ids if pk not in found]


class ClaimUpdateSerializer(ClaimInputSerializer):
    version = StrictIntegerField(help_text="The version you edited; a stale one gets 409.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["document"]
        for name in ["start", "end", "text", "kind", "source"]:
            self.fields[name].required = False


class VersionInputSerializer(StrictSerializer):
    version = StrictIntegerField(help_text="The version you saw; a stale one gets 409.")


class ClaimVersionSerializer(StrictSerializer):
    id = StrictIntegerField(**ID_RANGE)
    version = StrictIntegerField()


class ClaimMergeInputSerializer(StrictSerializer):
    version = StrictIntegerField(help_text="The version of this claim, the lead one, you saw.")
    others = ClaimVersionSerializer(
        many=True, min_length=1, max_length=50, help_text="The other claims merged with it."
    )
    source = IdField(
        queryset=Source.objects.none(),
        required=False,
        help_text="The merged claim's source; the lead claim's if absent.",
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources


class ClaimReviewInputSerializer(StrictSerializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)
    version = StrictIntegerField(help_text="The version you reviewed; a stale one gets 409.")


# Exports ----------------------------------------------------------------------------------


class ExportParamsSerializer(StrictSerializer):
    """The query string of an export: ?format=&status=&status=&source=&document=."""

    format = serializers.ChoiceField(choices=[])
    status = StatusListField(required=False)
    source = serializers.IntegerField(required=False, **ID_RANGE)
    document = serializers.IntegerField(required=False, **ID_RANGE)

    def __init__(self, *args, formats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = list(formats)


class ClaimHistoryEntrySerializer(serializers.Serializer):
    """One change of a claim, from the audit trail."""

    at = serializers.CharField(help_text="When, in UTC (ISO 8601).")
    by = serializers.CharField(allow_null=True, help_text="Who; null for a command or the machine.")
    action = serializers.CharField(help_text="claim.created, claim.edited, claim.reviewed, ...")
    summary = serializers.CharField(help_text="The change in words.")
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


# Jobs -------------------------------------------------------------------------------------


class JobSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField(
        help_text="The export's file, once the job succeeded (none for an annotator of a blind project)."
    )
    parameter_names = serializers.SerializerMethodField(
        help_text="The name of the source and the title of the document its parameters name, "
        "where they still exist: what the job covers, said in words."
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "project",
            "kind",
            "status",
            "done",
            "total",
            "parameters",
            "result",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "download",
            "parameter_names",
        ]
        list_serializer_class = BatchListSerializer

    @staticmethod
    def batch_context(jobs: list[Job]) -> dict:
        """The names of the sources and documents the jobs' parameters name, in one query each."""

        def named(key: str) -> set[int]:
            return {job.parameters[key] for job in jobs if job.parameters.get(key) is not None}

        names = {
            "source": dict(Source.objects.filter(pk__in=named("source")).values_list("pk", "name")),
            "document": dict(Document.objects.filter(pk__in=named("document")).values_list("pk", "title")),
        }
        return {"parameter_names": names}

    def get_download(self, job: Job) -> str | None:
        if job.kind == JobKind.EXPORT_PROJECT and job.status == JobStatus.SUCCEEDED and job.downloadable:
            return f"/api/jobs/{job.pk}/download/"
        return None

    @extend_schema_field(
        {"type": "object", "properties": {"source": {"type": "string"}, "document": {"type": "string"}}}
    )
    def get_parameter_names(self, job: Job) -> dict[str, str]:
        if "parameter_names" not in self.context:  # one job, not a list
            self.context.update(self.batch_context([job]))
        names = self.context["parameter_names"]
        return {
            key: names[key][job.parameters[key]]
            for key in ("source", "document")
            if job.parameters.get(key) in names[key]
        }


class JobCreateSerializer(StrictSerializer):
    """What to run: suggestions over the project (or one document), or an export to a file
    with the filters of GET /api/projects/{id}/export/. Imports run from the command line."""

    project = IdField(queryset=Project.objects.none())
    kind = serializers.ChoiceField(choices=[JobKind.SUGGEST_PROJECT, JobKind.EXPORT_PROJECT])
    format = serializers.ChoiceField(choices=list(FORMATS), required=False, help_text="Export jobs only.")
    status = StatusListField(required=False)
    source = IdField(queryset=Source.objects.none(), required=False)
    document = IdField(queryset=Document.objects.none(), required=False)

    def __init__(self, *args, projects=None, sources=None, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["source"].queryset = sources
        self.fields["document"].queryset = documents

    def validate(self, data):
        project = data["project"]
        for name in ("source", "document"):
            if name in data and data[name].project_id != project.pk:
                raise serializers.ValidationError({name: [f"no {name} {data[name].pk} in this project"]})
        if data["kind"] == JobKind.EXPORT_PROJECT and "format" not in data:
            raise serializers.ValidationError({"format": ["an export job needs its format"]})
        if data["kind"] == JobKind.SUGGEST_PROJECT:
            refused = sorted({"format", "status", "source"} & set(data))
            if refused:
                raise serializers.ValidationError(
                    {name: ["an export option; suggestions take none"] for name in refused}
                )
        return data


# Analytics --------------------------------------------------------------------------------


class SourceCountSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="The source's id.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    claims = serializers.IntegerField(help_text="Approved claims attributed to the source.")


class OutletCountSerializer(serializers.Serializer):
    outlet = serializers.CharField(help_text='The documents\' outlet; "(no outlet)" for those without.')
    claims = serializers.IntegerField(help_text="Approved claims in the outlet's documents.")
    documents = serializers.IntegerField(help_text="Its documents holding an approved claim.")


class KindCountSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttributionKind.choices)
    label = serializers.CharField()
    claims = serializers.IntegerField(help_text="Approved claims of this kind; every kind is listed.")


class MonthCountSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM.")
    dated_by = serializers.ChoiceField(
        choices=["published", "created"],
        help_text="published: the document's date; created: the claim's, for documents without one.",
    )
    claims = serializers.IntegerField()


class RelayNodeSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="The source's id.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    claims = serializers.IntegerField(help_text="Relayed approved claims it is part of, as source or relay.")


class OutletShareSerializer(serializers.Serializer):
    outlet = serializers.CharField()
    claims = serializers.IntegerField()


class RelayEdgeSerializer(serializers.Serializer):
    from_source = serializers.IntegerField(help_text="The source that told the claim (or relayed it on).")
    to_source = serializers.IntegerField(help_text="The relay that carried it next.")
    claims = serializers.IntegerField(help_text="Approved claims that made this hop.")
    outlets = OutletShareSerializer(many=True, help_text="The outlets of their documents, most claims first.")


class RelayNetworkSerializer(serializers.Serializer):
    nodes = RelayNodeSerializer(many=True)
    edges = RelayEdgeSerializer(many=True)


class AnalyticsSerializer(serializers.Serializer):
    approved_claims = serializers.IntegerField()
    sources = SourceCountSerializer(many=True, help_text="Most claims first.")
    outlets = OutletCountSerializer(many=True, help_text="Most claims first.")
    kinds = KindCountSerializer(many=True)
    months = MonthCountSerializer(many=True, help_text="Oldest first; only months with claims.")
    relays = RelayNetworkSerializer()
