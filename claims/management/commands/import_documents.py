from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.ingest import UnreadableFile, iter_input_files, read_articles
from claims.management.projects import project_for


class Command(BaseCommand):
    help = "Import news articles from .txt and .html files and folders into a project."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders to import")
        parser.add_argument("--project", required=True, help="project slug; created when missing")

    def handle(self, *args, paths, project, **options):
        files = list(iter_input_files(paths))
        if not files:
            raise CommandError(f"no .txt or .html files in {', '.join(map(str, paths))}")
        target = project_for(self, project)
        imported = present = skipped = 0
        for path in files:
            try:
                articles = read_articles(path)
            except UnreadableFile as error:
                skipped += 1
                self.stderr.write(f"skipped {path}: {error}")
                continue
            result = services.import_articles(target, articles, source_file=str(path))
            imported += len(result.imported)
            present += result.already_present
        self.stdout.write(self._summary(target.slug, len(files), imported, present, skipped))

    @staticmethod
    def _summary(slug: str, files: int, imported: int, present: int, skipped: int) -> str:
        outcome = f"imported {imported} documents" if imported else "nothing new to import"
        return (
            f"Project {slug!r}: {outcome} from {files} files "
            f"({imported} new, {present} already present, {skipped} files skipped)."
        )
