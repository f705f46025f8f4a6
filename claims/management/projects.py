from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from claims import services
from claims.models import Project


def project_for(command, slug: str):
    """The project a command writes into, created (and said so) when missing; a bad slug is a
    CommandError naming the problem."""
    try:
        project, created = services.ensure_project(slug)
    except ValidationError as error:
        raise CommandError("; ".join(error.messages)) from error
    if created:
        command.stdout.write(f"Created project {project.slug!r}.")
    return project


def existing_project(slug: str) -> Project:
    """The project a command reads; a CommandError when there is none."""
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        raise CommandError(f"no project {slug!r}")
    return project
