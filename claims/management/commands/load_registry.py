from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.management.fixture_files import read_fixture


class Command(BaseCommand):
    help = "Load a source registry file (fixtures/sources.json) into a project."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--project", required=True, help="project slug; created when missing")

    def handle(self, *args, file, project, **options):
        entries = read_fixture(file, "source-registry", "sources")
        try:
            target, _ = services.ensure_project(project)
            result = services.load_registry(target, entries)
        except ValidationError as error:
            raise CommandError(f"{file}: {'; '.join(error.messages)}") from error
        self.stdout.write(
            f"Registry of {target.slug!r}: {result.created} sources created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
