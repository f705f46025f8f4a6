import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import services
from claims.exports.restore import restore_json


class Command(BaseCommand):
    help = "Restore a json export (export_annotations --format json) into a project."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--project", required=True, help="project slug; created when missing")

    def handle(self, *args, file, project, **options):
        data = _read_json(file)
        try:
            # One transaction: a refused export does not leave a new, empty project behind.
            with transaction.atomic():
                target, created = services.ensure_project(project)
                result = restore_json(target, data)
        except ValidationError as error:
            raise CommandError(f"{file}: {_describe(error)}") from error
        if created:
            self.stdout.write(f"Created project {target.slug!r}.")
        self.stdout.write(
            f"Project {target.slug!r}: restored {result.documents} documents "
            f"({result.documents_present} already present), {result.sources} sources "
            f"({result.sources_present} already in the registry), {result.claims} claims "
            f"({result.claims_present} already present), {result.reviews} reviews "
            f"({result.reviews_present} already present)."
        )


def _read_json(path: Path):
    try:
        with path.open(encoding="utf-8") as file:
            return json.load(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error


def _describe(error: ValidationError) -> str:
    """One "place: problem" for each problem the restore found; an export with several (the
    shape check reports them all) reads "document 3, claim 17: start ...; end ...; ..."."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{place}: {'; '.join(messages)}" for place, messages in error.message_dict.items())
    return "; ".join(error.messages)
