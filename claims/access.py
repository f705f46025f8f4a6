"""Who may do what in a project. A user who is not a member sees nothing of it; staff
superusers act as managers everywhere."""

from django.db.models import QuerySet

from claims.models import Claim, Membership, Project, Role

_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.MANAGER: 3}


def is_global_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.is_superuser)


def visible_projects(user) -> QuerySet[Project]:
    if is_global_manager(user):
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user)


def role_in(user, project_id: int) -> Role | None:
    if is_global_manager(user):
        return Role.MANAGER
    role = Membership.objects.filter(project_id=project_id, user=user).values_list("role", flat=True).first()
    return Role(role) if role else None


def has_role(user, project_id: int, at_least: Role) -> bool:
    role = role_in(user, project_id)
    return role is not None and _RANK[role] >= _RANK[at_least]


def may_change_claim(user, claim: Claim, project_id: int) -> bool:
    """Authors change their own claims; managers change anyone's."""
    return claim.created_by_id == user.pk or has_role(user, project_id, Role.MANAGER)
