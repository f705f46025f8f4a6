from django.core.management.base import BaseCommand

from claims.agreement import ROLES, agreement
from claims.management.projects import existing_project


class Command(BaseCommand):
    help = (
        "How far a project's annotators agree: span F1 (exact and overlap) and token-wise "
        "Krippendorff's alpha for claims, cues and sources, and source agreement; -v 2 adds "
        "each pair of annotators."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")

    def handle(self, *args, project, **options):
        target = existing_project(project)
        overall, _, pairs = agreement(target.documents.defer("raw").order_by("id"))
        figures = overall.as_dict()
        annotators, documents = len(figures["annotators"]), figures["documents"]
        self.stdout.write(f"Project {target.slug!r}: {annotators} annotators, {documents} documents.")
        self.stdout.write("role   | F1 exact | F1 overlap | alpha")
        for role in ROLES:
            f1 = figures["f1"][role]
            self.stdout.write(
                f"{role:<6} | {_figure(f1['exact']):>8} | {_figure(f1['overlap']):>10} | "
                f"{_figure(figures['alpha'][role])}"
            )
        self.stdout.write(f"all    | {'':>8} | {'':>10} | {_figure(figures['alpha']['all'])}")
        self.stdout.write(
            f"Same source on {figures['matched_claims']} claims matched by overlap: "
            f"{_figure(figures['source_agreement'])}."
        )
        if options["verbosity"] >= 2:
            for row in pairs:
                self.stdout.write(
                    f"{' · '.join(row['pair'])}: {row['documents']} documents, claim F1 "
                    f"{_figure(row['f1']['claim']['exact'])} exact, {_figure(row['f1']['claim']['overlap'])} "
                    f"overlap, alpha {_figure(row['alpha']['all'])}"
                )


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
