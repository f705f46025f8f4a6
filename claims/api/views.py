"""Thin views over claims.services. Every queryset is scoped to the projects the user is a
member of, so another project's objects answer 404 and their existence stays hidden; an
action the user's role does not allow answers 403."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.deletion import ProtectedError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.fields import CharField
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from claims import access, adjudication, jobs, services
from claims.agreement import agreement
from claims.analytics import project_analytics
from claims.api import filters, serializers
from claims.api.analytics import figure_csv_action, readable_project
from claims.api.negotiation import fixed_type_download
from claims.api.parsers import LimitedJSONParser, LimitedMultiPartParser
from claims.errors import Conflict
from claims.exports import FORMATS, ExportQuery, export
from claims.history import claim_history
from claims.models import (
    Assignment,
    Claim,
    ClaimReview,
    ClaimStatus,
    Document,
    Job,
    JobKind,
    JobStatus,
    Membership,
    Project,
    Role,
    Source,
    SourceAlias,
    Verdict,
)
from claims.selectors import documents_with_counts, suggestion_outcomes


class TokenView(ObtainAuthToken):
    """DRF's token endpoint under django-axes' lockout. Axes marks the request it is handed,
    here DRF's wrapper, while its middleware reads Django's: the mark is passed on."""

    serializer_class = serializers.TokenRequestSerializer
    # DRF's own list would read JSON without the project's limits; Django's bound form bodies
    parser_classes = [LimitedJSONParser, FormParser, LimitedMultiPartParser]

    @extend_schema(
        auth=[],
        description="A user's API token, for their username and password. Five failed tries for one "
        "username from one address lock that pair out for 15 minutes (429).",
        responses={
            200: inline_serializer("Token", {"token": CharField()}),
            429: OpenApiResponse(description="Locked out for a while; Retry-After says how long."),
        },
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        finally:
            if getattr(request, "axes_locked_out", False):
                request._request.axes_locked_out = True


# The suggester reads about 20,000 characters a second on one core (bench/README.md): a longer
# article would hold a worker past a request's time, so it is suggested by a job.
SUGGEST_WHILE_WAITING = 50_000

# Conflicts with the stored state the schema names, beside those of the claim actions below.
_SETTLED_DOCUMENT = OpenApiResponse(description="The document is adjudicated: it takes no new claims.")
_CLAIM_MOVED_ON = OpenApiResponse(description="The claim moved on (a stale version) or may not change now.")
_LAST_MANAGER = OpenApiResponse(description="The project would be left without a manager.")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_role(user, project_id: int, at_least: Role, message: str = "") -> None:
    _require(access.has_role(user, project_id, at_least), message or f"this needs the {at_least} role")


def _validated(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _export_params(request) -> dict:
    query = request.query_params
    counts = {key: len(query.getlist(key)) for key in query if key != "status"}
    repeated = {key: count for key, count in counts.items() if count > 1}
    if repeated:  # else the last one would win unsaid
        raise ValidationError(
            {key: [f"give one {key}, not {count}; only status repeats"] for key, count in repeated.items()}
        )
    params = {key: query.get(key) for key in query if key != "status"}
    if "status" in query:
        params["status"] = query.getlist("status")
    serializer = serializers.ExportParamsSerializer(data=params, formats=FORMATS)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Projects and members ---------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(request=serializers.ProjectCreateSerializer),
    partial_update=extend_schema(request=serializers.ProjectUpdateSerializer),
)
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Project.objects.none()  # the schema's model; requests use get_queryset
    serializer_class = serializers.ProjectSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        own_role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
        projects = access.visible_projects(user).annotate(role=Subquery(own_role)).order_by("name", "id")
        return projects.distinct()

    def _project_for(self, at_least: Role):
        project = self.get_object()
        _require_role(self.request.user, project.pk, at_least)
        return project

    def create(self, request, *args, **kwargs):
        _require(access.is_global_manager(request.user), "only staff superusers create projects")
        data = _validated(serializers.ProjectCreateSerializer, request)
        project, created = services.ensure_project(data["slug"], name=data["name"], actor=request.user)
        if not created:
            return Response(
                {"slug": [f"a project {data['slug']!r} exists already"]}, status.HTTP_400_BAD_REQUEST
            )
        services.update_project(
            project, name=data["name"], description=data["description"], actor=request.user
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=project.pk)).data, status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        project = self._project_for(Role.MANAGER)
        data = _validated(serializers.ProjectUpdateSerializer, request)
        services.update_project(
            project,
            name=data.get("name", project.name),
            description=data.get("description", project.description),
            blind=data.get("blind"),
            actor=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        methods=["GET"], responses=serializers.MemberSerializer(many=True), filters=False, parameters=[]
    )
    @extend_schema(
        methods=["POST"],
        request=serializers.MemberCreateSerializer,
        responses={201: serializers.MemberSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def members(self, request, pk=None):
        if request.method == "GET":
            project = self.get_object()
            members = project.memberships.select_related("user").order_by("user__username")
            return Response(serializers.MemberSerializer(members, many=True).data)
        project = self._project_for(Role.MANAGER)
        data = _validated(serializers.MemberCreateSerializer, request)
        user = get_user_model().objects.filter(username=data["username"]).first()
        if user is None:
            return Response({"username": [f"no user {data['username']!r}"]}, status.HTTP_400_BAD_REQUEST)
        if project.memberships.filter(user=user).exists():
            return Response(
                {"username": [f"{user.username!r} is a member already"]}, status.HTTP_400_BAD_REQUEST
            )
        membership = services.set_membership(project, user, data["role"], actor=request.user)
        return Response(serializers.MemberSerializer(membership).data, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        request=serializers.MemberRoleSerializer,
        responses={200: serializers.MemberSerializer, 409: _LAST_MANAGER},
    )
    @extend_schema(methods=["DELETE"], responses={204: None, 409: _LAST_MANAGER})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"members/(?P<username>[\w.@+-]+)",
        pagination_class=None,
        filter_backends=[],
    )
    def member(self, request, pk=None, username=None):
        project = self._project_for(Role.MANAGER)
        membership = get_object_or_404(project.memberships.select_related("user"), user__username=username)
        if request.method == "DELETE":
            services.remove_membership(membership, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = _validated(serializers.MemberRoleSerializer, request)
        membership = services.set_membership(project, membership.user, data["role"], actor=request.user)
        return Response(serializers.MemberSerializer(membership).data)

    @extend_schema(
        request={"multipart/form-data": serializers.DocumentUploadSerializer},
        responses={
            201: serializers.DocumentUploadResultSerializer,
            200: serializers.DocumentUploadResultSerializer,
        },
        filters=False,
        parameters=[],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="documents",
        parser_classes=[LimitedMultiPartParser],
        pagination_class=None,
        filter_backends=[],
    )
    def import_documents(self, request, pk=None):
        """Import article files into the project; managers. Every file is read before any is
        stored; one that cannot be read refuses them all (400, under `files`, naming it). An
        article the project holds already is counted, not stored again (200 when nothing is new)."""
        project = self._project_for(Role.MANAGER)
        data = _validated(serializers.DocumentUploadSerializer, request)
        uploads = [services.UploadedFile(upload.name, upload.read()) for upload in data["files"]]
        result = services.import_uploaded_files(project, uploads, actor=request.user)
        stored = project.documents.filter(pk__in=[document.pk for document in result.imported])
        imported = _as_listed(
            stored.defer("text", "raw"), request.user
        )  # in id order, the order they were read
        body = {
            "imported": serializers.DocumentSerializer(imported, many=True).data,
            "already_present": result.already_present,
        }
        return Response(body, status.HTTP_201_CREATED if result.imported else status.HTTP_200_OK)

    @extend_schema(responses=serializers.SuggestionOutcomesSerializer, filters=False, parameters=[])
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request, pk=None):
        """What became of the machine's suggestions: counts by outcome and the share accepted, of
        the claims the caller may see (in a blind project an annotator's own)."""
        project = self.get_object()
        return Response(
            serializers.SuggestionOutcomesSerializer(suggestion_outcomes(project, request.user)).data
        )

    @extend_schema(
        responses=serializers.AgreementSerializer,
        filters=False,
        parameters=[OpenApiParameter("document", int, description="Only this document.")],
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def agreement(self, request, pk=None):
        """How far the annotators agree: over the project, per document and per pair of
        annotators (reviewers and managers)."""
        project = self._project_for(Role.REVIEWER)
        documents = project.documents.defer("raw").order_by("id")
        if "document" in request.query_params:
            document = request.query_params["document"]
            if not document.isdigit() or not documents.filter(pk=document).exists():
                message = f"no document {document} in this project"
                return Response({"document": [message]}, status.HTTP_400_BAD_REQUEST)
            documents = documents.filter(pk=document)
        overall, per_document, per_pair = agreement(documents)
        body = {"overall": overall.as_dict(), "documents": per_document, "pairs": per_pair}
        return Response(serializers.AgreementSerializer(body).data)

    @extend_schema(responses=serializers.AnalyticsSerializer, filters=False, parameters=[])
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def analytics(self, request, pk=None):
        """Approved claims per source, outlet, attribution kind and month, and the relay network
        (claims.analytics); any member, in a blind project reviewers and managers. Each figure is
        also CSV, at analytics/csv/{figure}/."""
        project = readable_project(self)
        return Response(serializers.AnalyticsSerializer(project_analytics(project)).data)

    analytics_sources_csv = figure_csv_action("sources")
    analytics_outlets_csv = figure_csv_action("outlets")
    analytics_kinds_csv = figure_csv_action("kinds")
    analytics_months_csv = figure_csv_action("months")
    analytics_relays_csv = figure_csv_action("relays")

    @extend_schema(
        tags=["projects"],
        parameters=[
            OpenApiParameter("format", str, enum=list(FORMATS), required=True, description="Export format."),
            OpenApiParameter("status", str, many=True, enum=[s.value for s in ClaimStatus], explode=True),
            OpenApiParameter("source", int, description="Only claims attributed to this source."),
            OpenApiParameter("document", int, description="Only this document."),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "application/x-ndjson"): OpenApiTypes.STR,
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    @fixed_type_download()
    def export(self, request, pk=None):
        project = self.get_object()
        _require(access.sees_every_claim(request.user, project), access.BLIND_EXPORT)
        params = _export_params(request)
        for field_name, model in [("source", Source), ("document", Document)]:
            if (
                field_name in params
                and not model.objects.filter(pk=params[field_name], project=project).exists()
            ):
                message = f"no {field_name} {params[field_name]} in this project"
                return Response({field_name: [message]}, status.HTTP_400_BAD_REQUEST)
        query = ExportQuery(
            project=project,
            statuses=tuple(params.get("status", ())),
            source_id=params.get("source"),
            document_id=params.get("document"),
            base_url=request.build_absolute_uri("/"),
        )
        export_format = FORMATS[params["format"]]
        response = StreamingHttpResponse(
            export(query, export_format.name), content_type=export_format.media_type
        )
        filename = f"{project.slug}-claims.{export_format.extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# Documents --------------------------------------------------------------------------------


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Document.objects.none()
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        documents = access.visible_documents(self.request.user)
        return _as_listed(
            documents.defer("text", "raw") if self.action == "list" else documents.defer("raw"),
            self.request.user,
        )

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    @fixed_type_download()
    def text(self, request, pk=None):
        """The document's text alone, as UTF-8 plain text: the resource the W3C export's
        selectors count code points in."""
        text = generics.get_object_or_404(
            access.visible_documents(request.user).values_list("text", flat=True), pk=pk
        )
        return HttpResponse(text, content_type="text/plain; charset=utf-8")

    @extend_schema(
        request=serializers.AssignmentInputSerializer,
        responses={
            200: serializers.DocumentSerializer,
            409: OpenApiResponse(description="The document is adjudicated: it takes no new annotators."),
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def assign(self, request, pk=None):
        """Give the document to annotators by username (members of its project); managers."""
        document = self.get_object()
        _require_role(request.user, document.project_id, Role.MANAGER)
        names = _validated(serializers.AssignmentInputSerializer, request)["annotators"]
        users = list(get_user_model().objects.filter(username__in=names))
        unknown = sorted(set(names) - {user.get_username() for user in users})
        if unknown:
            return Response({"annotators": [f"no user {', '.join(unknown)}"]}, status.HTTP_400_BAD_REQUEST)
        services.assign_document(document, users, actor=request.user)
        return Response(serializers.DocumentSerializer(self.get_queryset().get(pk=document.pk)).data)

    @extend_schema(
        request=None,
        responses={
            200: serializers.DocumentSerializer,
            409: OpenApiResponse(description="A claim is still pending, or it was adjudicated already."),
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def adjudicate(self, request, pk=None):
        """Declare the document adjudicated: no claim may be left pending; blind mode ends on it
        (reviewers, managers)."""
        document = self.get_object()
        _require_role(request.user, document.project_id, Role.REVIEWER)
        _validated(serializers.NoInputSerializer, request)
        adjudication.finish_adjudication(document.pk, adjudicator=request.user)
        return Response(serializers.DocumentSerializer(self.get_queryset().get(pk=document.pk)).data)

    @extend_schema(responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"assign/(?P<username>[\w.@+-]+)",
        filter_backends=[],
        pagination_class=None,
    )
    def unassign(self, request, pk=None, username=None):
        """Take the document back from an annotator; their claims stay; managers."""
        document = self.get_object()
        _require_role(request.user, document.project_id, Role.MANAGER)
        user = get_object_or_404(get_user_model(), username=username)
        if not services.unassign_document(document, user, actor=request.user):
            raise Http404(f"{username} is not assigned this document")
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_serializer_class(self):
        return (
            serializers.DocumentSerializer if self.action == "list" else serializers.DocumentDetailSerializer
        )

    @extend_schema(
        request=None,
        responses={
            200: serializers.SuggestionReportSerializer,
            202: serializers.JobSerializer,
            409: _SETTLED_DOCUMENT,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def suggest(self, request, pk=None):
        """Run the attribution suggester over the document: its unreviewed suggestions are
        replaced by new ones; any member may. A document longer than SUGGEST_WHILE_WAITING
        characters is suggested by a job instead (202, the job to follow)."""
        document = self.get_object()
        _validated(serializers.NoInputSerializer, request)
        if len(document.text) > SUGGEST_WHILE_WAITING:
            services.check_open(document)
            job = jobs.start_job(
                document.project, JobKind.SUGGEST_PROJECT, {"document": document.pk}, actor=request.user
            )
            return Response(serializers.JobSerializer(job).data, status.HTTP_202_ACCEPTED)
        report = services.suggest_for_document(document, actor=request.user)
        shown = access.visible_claims(request.user, Claim.objects.filter(document_id=document.pk))
        body = {**report.as_dict(), "claim_count": shown.count()}
        return Response(serializers.SuggestionReportSerializer(body).data)


# Sources ----------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=serializers.SourceCreateSerializer, responses={201: serializers.SourceSerializer}
    ),
    partial_update=extend_schema(request=serializers.SourceUpdateSerializer),
    destroy=extend_schema(
        responses={
            204: None,
            409: OpenApiResponse(description="Claims are attributed to it: merge it instead."),
        }
    ),
)
class SourceViewSet(viewsets.ModelViewSet):
    queryset = Source.objects.none()
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        aliases = Prefetch("aliases", queryset=SourceAlias.objects.order_by("name"))
        return self._visible_sources().prefetch_related(aliases).order_by("name", "id")

    def _visible_sources(self):
        return access.visible_sources(self.request.user)

    def create(self, request, *args, **kwargs):
        data = _validated(
            serializers.SourceCreateSerializer,
            request,
            projects=access.visible_projects(request.user),
            sources=self._visible_sources(),
        )
        source = services.create_source(data.pop("project"), actor=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=source.pk)).data, status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        source = self.get_object()
        _require_role(request.user, source.project_id, Role.REVIEWER)
        data = _validated(serializers.SourceUpdateSerializer, request, sources=self._visible_sources())
        services.update_source(source, actor=request.user, reviewed=True, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=source.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        source = self.get_object()
        _require_role(request.user, source.project_id, Role.MANAGER)
        try:
            services.delete_source(source, actor=request.user)
        except ProtectedError as error:
            raise Conflict(f"source {source.name!r} is used by claims and cannot be deleted") from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=serializers.SourceMergeSerializer, responses={200: serializers.SourceSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this entry into another of its project ("RFA" into "Radio Free Asia"); answers
        with the entry that stays."""
        source = self.get_object()
        _require_role(request.user, source.project_id, Role.REVIEWER)
        data = _validated(serializers.SourceMergeSerializer, request, sources=self._visible_sources())
        kept = services.merge_sources(source, data["into"], actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=kept.pk)).data)


# Claims -----------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=serializers.ClaimInputSerializer,
        responses={201: serializers.ClaimSerializer, 409: _SETTLED_DOCUMENT},
    ),
    partial_update=extend_schema(
        request=serializers.ClaimUpdateSerializer,
        responses={200: serializers.ClaimSerializer, 409: _CLAIM_MOVED_ON},
        description="Edit a pending claim, or revise a rejected one, which makes it pending again (its "
        "author, managers; not once its document is adjudicated).",
    ),
    destroy=extend_schema(
        responses={204: None, 409: _CLAIM_MOVED_ON},
        parameters=[
            OpenApiParameter(
                "version",
                OpenApiTypes.INT,
                required=True,
                description="The version you saw; a stale one gets 409.",
            )
        ],
    ),
)
class ClaimViewSet(viewsets.ModelViewSet):
    queryset = Claim.objects.none()
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _visible_claims(self):
        projects = access.visible_projects(self.request.user)
        return access.visible_claims(self.request.user, Claim.objects.filter(document__project__in=projects))

    def get_queryset(self):
        return (
            self._visible_claims()
            .select_related("created_by")
            .prefetch_related("mentions", "relays", _reviews_in_order())
            .order_by("document_id", "start", "end", "id")
        )

    def _input(self, serializer_class, project_id: int | None = None) -> dict:
        """project_id: the edited claim's project; a new claim's comes with its document."""
        documents = access.visible_documents(self.request.user).only(
            "id", "project_id", "text", "adjudicated_at"
        )
        return _validated(serializer_class, self.request, documents=documents, project_id=project_id)

    def _claim_response(
        self, claim_id: int, code=status.HTTP_200_OK, document: Document | None = None
    ) -> Response:
        """The claim as stored; a document already loaded lends its text instead of a query."""
        context = self.get_serializer_context()
        if document is not None:
            context["document_texts"] = {document.pk: document.text}
        claim = self.get_queryset().get(pk=claim_id)
        return Response(self.get_serializer(claim, context=context).data, status=code)

    @contextmanager
    def _conflicts_show_current_claim(self, claim_id: int):
        """A 409 answers with the claim that clashed (claim_id unless the conflict names
        another) as it now stands, in the API's own representation."""
        try:
            yield
        except Conflict as conflict:
            claim = self.get_queryset().filter(pk=conflict.claim_id or claim_id).first()
            conflict.current = self.get_serializer(claim).data if claim else None
            raise

    def _named_claim(self) -> "ClaimFacts":
        """What the permission checks need of the claim the URL names, if the user may see it:
        one query, where get_object would also load its mentions, relay links and reviews."""
        facts = self._visible_claims().values_list(
            "pk", "created_by_id", "status", "version", "document_id", "document__project_id"
        )
        return ClaimFacts(*generics.get_object_or_404(facts, pk=self.kwargs["pk"]))

    def _changeable(self) -> "ClaimFacts":
        claim = self._named_claim()
        may = access.may_change_claim(self.request.user, claim.author_id, claim.project_id)
        _require(may, "only its author or a manager may")
        return claim

    def create(self, request, *args, **kwargs):
        data = self._input(serializers.ClaimInputSerializer)
        claim = services.create_claim(actor=request.user, **_claim_arguments(data))
        # the claim comes back with its rows: nothing is read back to present it
        context = self.get_serializer_context()
        context["document_texts"] = {claim.document_id: data["document"].text}
        return Response(self.get_serializer(claim, context=context).data, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        claim = self._changeable()
        data = self._input(serializers.ClaimUpdateSerializer, project_id=claim.project_id)
        with self._conflicts_show_current_claim(claim.pk):
            updated = services.update_claim(claim.pk, actor=request.user, **_claim_arguments(data))
        # its mentions, relay links, document and author came back with it; its reviews are read
        prefetch_related_objects([updated], _reviews_in_order())
        context = self.get_serializer_context()
        context["document_texts"] = {updated.document_id: updated.document.text}
        return Response(self.get_serializer(updated, context=context).data)

    def destroy(self, request, *args, **kwargs):
        claim = self._changeable()
        version = request.query_params.get("version")
        if version is None or not version.isdigit():
            problem = (
                "required: the version you saw (?version=N)" if version is None else "must be an integer"
            )
            return Response({"version": [problem]}, status.HTTP_400_BAD_REQUEST)
        with self._conflicts_show_current_claim(claim.pk):
            services.delete_claim(claim.pk, actor=request.user, version=int(version))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=serializers.ClaimReviewInputSerializer,
        responses={
            200: serializers.ClaimSerializer,
            409: OpenApiResponse(description="The claim moved on or cannot take this verdict."),
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        claim = self._named_claim()
        data = _validated(serializers.ClaimReviewInputSerializer, request)
        dismissing_a_suggestion = claim.status == ClaimStatus.SUGGESTED and data["verdict"] == Verdict.REJECT
        # A verdict on a version that has moved on (a suggestion a colleague has just accepted)
        # is stale before it is anything else: the service answers 409 with the claim as it
        # stands. Only an older version: versions never go back, so it stays stale under the lock.
        overtaken = data["version"] < claim.version
        _require(
            dismissing_a_suggestion
            or overtaken
            or access.has_role(request.user, claim.project_id, Role.REVIEWER),
            "reviewing needs the reviewer role; annotators may only reject machine suggestions",
        )
        with self._conflicts_show_current_claim(claim.pk):
            services.review_claim(claim.pk, reviewer=request.user, **data)
        return self._claim_response(claim.pk)

    @extend_schema(
        request=serializers.VersionInputSerializer,
        responses={200: serializers.ClaimSerializer, 409: OpenApiResponse(description="Not a suggestion.")},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        """Make a machine suggestion your pending claim; any member may."""
        claim = self._named_claim()
        data = _validated(serializers.VersionInputSerializer, request)
        with self._conflicts_show_current_claim(claim.pk):
            services.accept_suggestion(claim.pk, actor=request.user, version=data["version"])
        return self._claim_response(claim.pk)

    def _adjudicated(self) -> "ClaimFacts":
        claim = self._named_claim()
        _require_role(self.request.user, claim.project_id, Role.REVIEWER)
        return claim

    @extend_schema(
        request=serializers.VersionInputSerializer,
        responses={200: serializers.ClaimSerializer, 409: OpenApiResponse(description="The claim moved on.")},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def take(self, request, pk=None):
        """Adjudication: approve this claim as the reading of its words; other annotators'
        pending claims overlapping it are rejected (reviewers, managers)."""
        claim = self._adjudicated()
        data = _validated(serializers.VersionInputSerializer, request)
        with self._conflicts_show_current_claim(claim.pk):
            adjudication.take_claim(claim.pk, adjudicator=request.user, version=data["version"])
        return self._claim_response(claim.pk)

    @extend_schema(
        request=serializers.ClaimMergeInputSerializer,
        responses={
            201: serializers.ClaimSerializer,
            409: OpenApiResponse(description="A claim moved on; `current` shows that one."),
        },
    )
    @action(detail=True, methods=["post"], url_path="merge", filter_backends=[])
    def merge_claims(self, request, pk=None):
        """Adjudication: a new claim (origin "merged") spans this claim's words and the others',
        with the source given (this one's if none) and this one's kind, cue, mentions and relay
        chain, approved; this claim and the others are rejected as they were marked, so that
        agreement between annotators stays (reviewers, managers)."""
        claim = self._adjudicated()
        data = _validated(
            serializers.ClaimMergeInputSerializer,
            request,
            sources=Source.objects.filter(project__documents=claim.document_id),
        )
        named = [claim.pk, *(other["id"] for other in data["others"])]
        repeated = sorted({pk for pk in named if named.count(pk) > 1})
        if repeated:
            raise ValidationError({"others": [f"claim {pk} is named twice" for pk in repeated]})
        versions = {claim.pk: data["version"], **{other["id"]: other["version"] for other in data["others"]}}
        visible = set(self.get_queryset().filter(pk__in=versions).values_list("pk", flat=True))
        if set(versions) - visible:
            raise NotFound("no such claim among those you may see")
        with self._conflicts_show_current_claim(claim.pk):
            merged = adjudication.merge_claims(
                claim.pk, adjudicator=request.user, versions=versions, source=data.get("source")
            )
        return self._claim_response(merged.pk, status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.ClaimHistoryEntrySerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every change of the claim, oldest first, from the audit trail."""
        claim_id = generics.get_object_or_404(self._visible_claims().values_list("pk", flat=True), pk=pk)
        entries = claim_history(claim_id)
        return Response(serializers.ClaimHistoryEntrySerializer(entries, many=True).data)


# Jobs -------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=serializers.JobCreateSerializer,
        responses={202: serializers.JobSerializer, 409: _SETTLED_DOCUMENT},
    )
)
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Long work over a project, queued and followed: suggestions over every document (reviewers
    and managers), an export to a file (any member). Poll a job for its progress."""

    queryset = Job.objects.none()
    serializer_class = serializers.JobSerializer
    filterset_class = filters.JobFilter

    def get_queryset(self):
        user = self.request.user
        jobs_seen = Job.objects.filter(project__in=access.visible_projects(user)).select_related("created_by")
        # an export holds every claim: in a blind project annotators may not have its file
        seen_whole = access.projects_seen_whole(user).filter(pk=OuterRef("project_id"))
        return jobs_seen.annotate(downloadable=Exists(seen_whole)).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        visible = access.visible_projects(request.user)
        data = _validated(
            serializers.JobCreateSerializer,
            request,
            projects=visible,
            sources=access.visible_sources(request.user),
            documents=access.visible_documents(request.user).defer("text", "raw"),
        )
        project, kind = data.pop("project"), data.pop("kind")
        needed = Role.REVIEWER if kind == JobKind.SUGGEST_PROJECT else Role.ANNOTATOR
        _require_role(request.user, project.pk, needed, f"this job needs the {needed} role")
        if kind == JobKind.EXPORT_PROJECT:
            _require(access.sees_every_claim(request.user, project), access.BLIND_EXPORT)
        if kind == JobKind.SUGGEST_PROJECT and "document" in data:
            services.check_open(data["document"])
        parameters = {name: getattr(value, "pk", value) for name, value in data.items()}
        if kind == JobKind.EXPORT_PROJECT:
            parameters["base_url"] = request.build_absolute_uri("/")
        job = jobs.start_job(project, kind, parameters, actor=request.user)
        body = self.get_serializer(self.get_queryset().get(pk=job.pk)).data
        return Response(body, status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request, pk=None):
        """The file an export job wrote."""
        job = self.get_object()
        _require(job.downloadable, access.BLIND_EXPORT)
        if job.kind != JobKind.EXPORT_PROJECT or job.status != JobStatus.SUCCEEDED:
            raise Conflict(f"job {job.pk} has no file: it is a {job.kind} job, {job.status}")
        path = jobs.export_file(job)
        if not path.exists():
            raise Conflict(f"the file of job {job.pk} is no longer on the server")
        media_type = job.result["media_type"]
        return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=media_type)


@dataclass(frozen=True)
class ClaimFacts:
    pk: int
    author_id: int | None
    status: str
    version: int
    document_id: int
    project_id: int


def _as_listed(documents, user):
    """Documents with what DocumentSerializer shows besides their fields: counts of the claims
    the user may see, and annotators."""
    assignments = Prefetch("assignments", queryset=Assignment.objects.select_related("user"))
    counted = documents_with_counts(documents, access.visible_claims_of_documents(user))
    return counted.prefetch_related(assignments).order_by("id")


def _reviews_in_order() -> Prefetch:
    reviews = ClaimReview.objects.select_related("reviewer").order_by("created_at", "id")
    return Prefetch("reviews", queryset=reviews)


def _claim_arguments(data: dict) -> dict:
    """Validated API input as services.create_claim/update_claim arguments."""
    arguments = dict(data)
    if "cue" in arguments:
        cue = arguments["cue"]
        arguments["cue"] = (cue["start"], cue["end"]) if cue else None
    if "mentions" in arguments:
        arguments["mentions"] = [
            services.MentionSpan(m["start"], m["end"], m.get("source")) for m in arguments["mentions"]
        ]
    return arguments
