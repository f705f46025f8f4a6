import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from claims import services
from claims.models import Role

DEMO_PROJECT = "seeds"
DEMO_ROLES = [Role.ANNOTATOR, Role.REVIEWER, Role.MANAGER]


class Command(BaseCommand):
    help = (
        "Prepare a working instance: migrate, load the seed registry, import seeds/, and, when "
        "there are no users yet, create demo accounts and the annotation guide's cases as claims. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        base = settings.BASE_DIR
        call_command(
            "load_registry", base / "fixtures" / "sources.json", project=DEMO_PROJECT, stdout=self.stdout
        )
        call_command("import_documents", base / "seeds", project=DEMO_PROJECT, stdout=self.stdout)
        if get_user_model().objects.exists():
            self.stdout.write("Users exist already: no demo accounts created.")
            return
        self._create_demo_accounts()
        call_command(
            "load_demo_claims",
            base / "fixtures" / "demo_claims.json",
            project=DEMO_PROJECT,
            user=Role.ANNOTATOR.value,
            stdout=self.stdout,
        )

    @transaction.atomic
    def _create_demo_accounts(self):
        project, _ = services.ensure_project(DEMO_PROJECT)
        User = get_user_model()
        self.stdout.write("Demo accounts (shown once; change them with manage.py changepassword):")
        for role in DEMO_ROLES:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=role.value, password=password)
            services.set_membership(project, user, role)
            self.stdout.write(f"  {role.value:<10} username {user.username:<10} password {password}")
