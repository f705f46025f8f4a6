from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.exports import FORMATS, ExportQuery, export, write_file
from claims.management.jobs import add_progress_argument, progress_bar
from claims.management.projects import existing_project
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
        target = existing_project(options["project"])
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
            chunks = export(query, options["format"])  # the format is checked here, nothing read yet
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["output"] is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        output = Path(options["output"])  # call_command passes options as given, unconverted
        self._write(query, options["format"], output, options)
        self.stderr.write(f"Exported project {target.slug!r} as {options['format']} to {output}.")

    def _write(self, query: ExportQuery, format_name: str, output: Path, options: dict) -> None:
        """To a file, with a progress bar over the documents (none on standard output, where
        it would mix with the export)."""
        bar = progress_bar(self, options, "export", total=query.document_total())
        try:
            write_file(output, export(replace(query, on_batch=bar.update), format_name))
            bar.update(bar.total - bar.n)  # documents without a matching claim are passed over
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from error
        finally:
            bar.close()

    @staticmethod
    def _check_in_project(project: Project, model, pk: int | None, name: str) -> None:
        if pk is not None and not model.objects.filter(project=project, pk=pk).exists():
            raise CommandError(f"no {name} {pk} in project {project.slug!r}")
