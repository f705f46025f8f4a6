from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.exports import FORMATS, ExportQuery, export
from claims.models import Document, Project, Source


class Command(BaseCommand):
    help = "Export a project's claims as json, jsonl, w3c (Web Annotation JSON-LD) or csv, streamed."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--format", required=True, help=", ".join(FORMATS))
        parser.add_argument(
            "--status",
            nargs="+",
            action="extend",
            default=[],
            help="only claims with these statuses (repeatable)",
        )
        parser.add_argument("--source", type=int, help="only claims attributed to this source (id)")
        parser.add_argument("--document", type=int, help="only this document (id)")
        parser.add_argument("--output", type=Path, help="file to write; standard output when absent")
        parser.add_argument(
            "--base-url", default=ExportQuery.base_url, help="where the API is served, for w3c IRIs"
        )

    def handle(self, *args, **options):
        target = Project.objects.filter(slug=options["project"]).first()
        if target is None:
            raise CommandError(f"no project {options['project']!r}")
        self._check_in_project(target, Source, options["source"], "source")
        self._check_in_project(target, Document, options["document"], "document")
        base_url = options["base_url"]
        try:
            query = ExportQuery(
                project=target,
                statuses=tuple(options["status"]),
                source_id=options["source"],
                document_id=options["document"],
                base_url=base_url if base_url.endswith("/") else f"{base_url}/",
            )
            chunks = export(query, options["format"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["output"] is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        output = Path(options["output"])  # call_command passes options as given, unconverted
        _write_file(output, chunks)
        self.stderr.write(f"Exported project {target.slug!r} as {options['format']} to {output}.")

    @staticmethod
    def _check_in_project(project: Project, model, pk: int | None, name: str) -> None:
        if pk is not None and not model.objects.filter(project=project, pk=pk).exists():
            raise CommandError(f"no {name} {pk} in project {project.slug!r}")


def _write_file(path: Path, chunks) -> None:
    """Write chunk by chunk beside the file, then put it in place: a failed export leaves
    any previous file as it was rather than half-written."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as file:
            for chunk in chunks:
                file.write(chunk)
        partial.replace(path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
