"""Who may do what in a project. A user who is not a member sees nothing of it; staff
superusers act as managers everywhere."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.models import Claim, ClaimReview, ClaimStatus, Document, Membership, Project, Role, Source

_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.MANAGER: 3}


def is_global_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.is_superuser)


def visible_projects(user) -> QuerySet[Project]:
    if is_global_manager(user):
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user)


def visible_documents(user) -> QuerySet[Document]:
    """Through a join on the user's membership, one row per document (a user has one
    membership per project): cheaper for the ORM to build than a visible_projects subquery."""
    if is_global_manager(user):
        return Document.objects.all()
    return Document.objects.filter(project__memberships__user=user)


def visible_sources(user) -> QuerySet[Source]:
    """The registry entries of the user's projects, through the same join as visible_documents."""
    if is_global_manager(user):
        return Source.objects.all()
    return Source.objects.filter(project__memberships__user=user)


def role_in(user, project_id: int) -> Role | None:
    if is_global_manager(user):
        return Role.MANAGER
    role = Membership.objects.filter(project_id=project_id, user=user).values_list("role", flat=True).first()
    return Role(role) if role else None


def has_role(user, project_id: int, at_least: Role) -> bool:
    role = role_in(user, project_id)
    return role is not None and _RANK[role] >= _RANK[at_least]


def may_change_claim(user, author_id: int | None, project_id: int) -> bool:
    """Authors change their own claims; managers change anyone's."""
    return author_id == user.pk or has_role(user, project_id, Role.MANAGER)


def visible_claims(user, claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """In a blind project an annotator sees on a document, until it is adjudicated, only their
    own claims, the machine's suggestions still open, and the suggestions they decided
    themselves; reviewers, managers and staff see every claim."""
    if is_global_manager(user):
        return claims
    return claims.filter(_shows_every_claim(user, "document__") | _sees_in_blind_mode(user, ""))


def visible_claims_of_documents(user) -> Q | None:
    """visible_claims as a condition on documents' claims, for counting them per document; None
    where the user sees them all."""
    if is_global_manager(user):
        return None
    return _shows_every_claim(user, "") | _sees_in_blind_mode(user, "claims__")


def _sees_in_blind_mode(user, claim_path: str) -> Q:
    """The claims (reached through claim_path) an annotator sees in a blind project: their own,
    the machine's suggestions still open (suggested: nobody's yet), and the unowned ones they
    decided themselves. Accepting a suggestion makes it the acceptor's claim; rejecting it leaves
    it unowned, and only the rejecter's review says who decided. Either is that person's
    judgement, which a colleague must not see; the rejecter keeps seeing their verdict (the API
    answers it with the claim), and so does whoever rejected it before a reviewer reopened it."""
    decided_by_user = Exists(ClaimReview.objects.filter(claim=OuterRef(f"{claim_path}pk"), reviewer=user))
    unowned = Q(**{f"{claim_path}created_by__isnull": True})
    open_suggestion = Q(**{f"{claim_path}status": ClaimStatus.SUGGESTED})
    return Q(**{f"{claim_path}created_by": user}) | (unowned & (open_suggestion | decided_by_user))


def _shows_every_claim(user, document_path: str) -> Q:
    """Whether a document (reached through document_path) shows the user every claim on it."""
    overseen = Membership.objects.filter(user=user, role__in=[Role.REVIEWER, Role.MANAGER])
    return (
        Q(**{f"{document_path}project__blind": False})
        | Q(**{f"{document_path}project__in": overseen.values("project_id")})
        | Q(**{f"{document_path}adjudicated_at__isnull": False})
    )


BLIND_EXPORT = "in a blind project only reviewers and managers export: annotators see only their own claims"


def sees_every_claim(user, project: Project) -> bool:
    """Whether nothing of the project is hidden from the user (blind mode hides others' claims
    from annotators): exports and such need it."""
    return not project.blind or has_role(user, project.pk, Role.REVIEWER)


def projects_seen_whole(user) -> QuerySet[Project]:
    """The user's projects in which sees_every_claim holds, for a list that needs it per row."""
    if is_global_manager(user):
        return Project.objects.all()
    oversees = Q(memberships__role__in=[Role.REVIEWER, Role.MANAGER])
    return Project.objects.filter(Q(blind=False) | oversees, memberships__user=user)
