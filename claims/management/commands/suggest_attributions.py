from django.core.management.base import BaseCommand, CommandError

from claims.management.jobs import add_progress_argument, run_job_for_command
from claims.management.projects import existing_project
from claims.models import JobKind


class Command(BaseCommand):
    help = (
        "Suggest attributions for a project's documents, as a job (on a Celery worker when "
        "CELERY_BROKER_URL is set): each document's unreviewed suggestions are replaced by the "
        "suggester's; people's claims and decided suggestions stay. -v 2 prints a line a document."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--document", type=int, help="only this document (id)")
        add_progress_argument(parser)

    def handle(self, *args, project, document=None, **options):
        target = existing_project(project)
        if document is not None and not target.documents.filter(pk=document).exists():
            raise CommandError(f"no document {document} in project {target.slug!r}")
        parameters = {} if document is None else {"document": document}
        job = run_job_for_command(self, target, JobKind.SUGGEST_PROJECT, parameters, options)
        counts = job.result
        elapsed = (job.finished_at - job.started_at).total_seconds()
        self.stdout.write(
            f"Project {target.slug!r}: {counts['documents']} documents, {counts['created']} suggestions, "
            f"{counts['replaced']} replaced, {counts['skipped']} skipped, "
            f"{counts['new_sources']} new sources for review, {counts['dropped_sources']} dropped; "
            f"mode {counts['mode']}; {elapsed:.1f} s."
        )
