from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.exports import FORMATS, ExportQuery, export
from claims.management.jobs import add_progress_argument, progress_bar
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
        add_progress_argument(parser)

    def handle(self, *args, **options):
        target = Project.objects.filter(slug=options["project"]).first()
        if target is None:
            raise CommandError(f"no project {options['project']!r}")
        self._check_in_project(target, Source, options["source"], "source")
        self._check_in_project(target, Document, options["document"], "document")
        base_url = options["base_url"]
        bar = self._bar(target, options)
        try:
            query = ExportQuery(
                project=target,
                statuses=tuple(options["status"]),
                source_id=options["source"],
                document_id=options["document"],
                base_url=base_url if base_url.endswith("/") else f"{base_url}/",
                on_batch=bar.update if bar else None,
            )
            chunks = export(query, options["format"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["output"] is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        output = Path(options["output"])  # call_command passes options as given, unconverted
        try:
            _write_file(output, chunks)
            bar.update(bar.total - bar.n)  # documents without a matching claim are passed over
        finally:
            bar.close()
        self.stderr.write(f"Exported project {target.slug!r} as {options['format']} to {output}.")

    def _bar(self, project: Project, options: dict):
        """A progress bar over the documents when writing a file; none on standard output,
        where it would mix with the export."""
        if options["output"] is None:
            return None
        documents = project.documents.all()
        if options["document"]:
            documents = documents.filter(pk=options["document"])
        return progress_bar(self, options, "export", total=documents.count())

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
