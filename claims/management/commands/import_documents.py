from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest import is_article_file, iter_input_files
from claims.management.jobs import add_progress_argument, run_job_for_command
from claims.management.projects import project_for
from claims.models import JobKind


class Command(BaseCommand):
    help = (
        "Import news articles from .txt and .html files and folders into a project, as a job "
        "(on a Celery worker when CELERY_BROKER_URL is set). Each file is stored whole or not at "
        "all; a re-run imports what an interrupted run left."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders to import")
        parser.add_argument("--project", required=True, help="project slug; created when missing")
        add_progress_argument(parser)

    def handle(self, *args, paths, project, **options):
        if not any(is_article_file(path) for path in iter_input_files(paths)):
            raise CommandError(f"no .txt or .html files in {', '.join(map(str, paths))}")
        target = project_for(self, project)
        parameters = {"paths": [str(path.resolve()) for path in paths]}
        job = run_job_for_command(self, target, JobKind.IMPORT_DOCUMENTS, parameters, options)
        result = job.result
        for skipped in result["skipped"]:
            self.stderr.write(f"skipped {skipped}")
        self.stdout.write(self._summary(target.slug, result))

    @staticmethod
    def _summary(slug: str, result: dict) -> str:
        imported = result["imported"]
        outcome = f"imported {imported} documents" if imported else "nothing new to import"
        return (
            f"Project {slug!r}: {outcome} from {result['files']} files ({imported} new, "
            f"{result['already_present']} already present, {len(result['skipped'])} files skipped)."
        )
