import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims import services

REGISTRY_FORMAT = "source-registry"


def read_registry(path: Path) -> list[dict]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error
    if not isinstance(document, dict) or document.get("format") != REGISTRY_FORMAT:
        raise CommandError(f"{path} is not a {REGISTRY_FORMAT!r} file")
    if not isinstance(document.get("sources"), list):
        raise CommandError(f"{path}: 'sources' must be a list")
    return document["sources"]


class Command(BaseCommand):
    help = "Load a source registry file (fixtures/sources.json) into a project."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--project", required=True, help="project slug; created when missing")

    def handle(self, *args, file, project, **options):
        entries = read_registry(file)
        try:
            target, _ = services.ensure_project(project)
            result = services.load_registry(target, entries)
        except ValidationError as error:
            raise CommandError(f"{file}: {'; '.join(error.messages)}") from error
        self.stdout.write(
            f"Registry of {target.slug!r}: {result.created} sources created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
