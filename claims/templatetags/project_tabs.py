"""{% project_tabs project "active" %}: the project's tabs, each shown to those who may open it."""

from django import template

from claims import access
from claims.models import Role

register = template.Library()


@register.inclusion_tag("claims/_project_tabs.html", takes_context=True)
def project_tabs(context, project, active: str) -> dict:
    user = context["request"].user
    return {
        "project": project,
        "active": active,
        "reviews": access.has_role(user, project.pk, Role.REVIEWER),
    }
