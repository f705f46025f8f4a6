import time

from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.models import Project


class Command(BaseCommand):
    help = (
        "Suggest attributions for a project's documents: each document's unreviewed suggestions "
        "are replaced by the suggester's; people's claims and decided suggestions stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--document", type=int, help="only this document (id)")
        parser.add_argument(
            "--progress",
            type=int,
            default=0,
            metavar="N",
            help="print a progress line every N documents instead of a line per document",
        )

    def handle(self, *args, project, document=None, progress=0, **options):
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(f"no project {project!r}")
        documents = target.documents.defer("raw").order_by("id")
        if document is not None:
            documents = documents.filter(pk=document)
            if not documents.exists():
                raise CommandError(f"no document {document} in project {target.slug!r}")
        total = documents.count()
        started = time.monotonic()
        sums = services.SuggestionReport(mode="")
        modes: set[str] = set()
        for done, item in enumerate(documents.iterator(chunk_size=100), start=1):
            report = services.suggest_for_document(item)
            modes.add(report.mode)
            sums.add(report)
            if not progress:
                self.stdout.write(
                    f"Document {item.pk} {item.title[:60]!r}: {report.created} suggested, "
                    f"{report.replaced} replaced, {report.skipped} skipped, "
                    f"{report.new_sources} new sources, {report.dropped_sources} dropped."
                )
            elif done % progress == 0 or done == total:
                self.stdout.write(f"{done}/{total} documents, {sums.created} suggestions so far.")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Project {target.slug!r}: {total} documents, {sums.created} suggestions, "
            f"{sums.replaced} replaced, {sums.skipped} skipped, {sums.new_sources} new sources "
            f"for review, {sums.dropped_sources} dropped; "
            f"mode {' and '.join(sorted(modes)) or 'none'}; {elapsed:.1f} s."
        )
