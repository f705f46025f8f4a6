from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.demo import DEMO_FORMAT, load_demo_claims
from claims.management.fixture_files import read_fixture
from claims.models import Project


class Command(BaseCommand):
    help = "Record demo claims (fixtures/demo_claims.json) on a project's documents as one annotator."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--project", required=True, help="slug of a project holding the documents")
        parser.add_argument("--user", required=True, help="username of the annotator the claims are by")

    def handle(self, *args, file, project, user, **options):
        entries = read_fixture(file, DEMO_FORMAT, "claims")
        target = Project.objects.filter(slug=project).first()
        annotator = get_user_model().objects.filter(username=user).first()
        if target is None or annotator is None:
            raise CommandError(
                f"no {'project' if target is None else 'user'} {project if target is None else user!r}"
            )
        try:
            created = load_demo_claims(target, entries, actor=annotator)
        except ValidationError as error:
            raise CommandError(f"{file}: {'; '.join(error.messages)}") from error
        self.stdout.write(
            f"Demo claims in {target.slug!r}: {created} recorded, {len(entries) - created} present."
        )
