from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.brat_import import BratImporter
from claims.ingest.brat import iter_brat_folder
from claims.management.projects import project_for


class Command(BaseCommand):
    help = (
        "Import brat standoff attribution annotation into a project as pending claims, one user "
        "brat-<annotator> per annotator: FOLDER/text/NAME.txt with FOLDER/attributions/NAME_ANNOTATOR.ann "
        "(PolNeAR), or FOLDER/NAME.txt with FOLDER/NAME.ann."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", type=Path, help="a PolNeAR split (text/, attributions/) or a brat folder"
        )
        parser.add_argument("--project", required=True, help="project slug; created when missing")
        parser.add_argument(
            "--annotator",
            default="",
            help="plain brat folders: the annotator's name (default: the folder's name)",
        )

    def handle(self, *args, folder, project, annotator, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        files = list(iter_brat_folder(folder, annotator=annotator))
        if not files:
            raise CommandError(f"no .ann files in {folder} or {folder / 'attributions'}")
        target = project_for(self, project)
        importer = BratImporter(target)
        for brat_file in files:
            for message in importer.import_file(brat_file):
                self.stderr.write(message)
        self.stdout.write(importer.summary.line(target.slug))
