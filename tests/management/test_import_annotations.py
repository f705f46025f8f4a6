"""import_annotations refuses an export whose spans cut a character: the tool never exports one,
so such a file was edited by hand; the restore names the place and writes nothing."""

import json

import pytest
from django.core.management import CommandError

from claims import services
from claims.models import Claim, Project
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db

JUDGE = "👩\u200d⚖\ufe0f"  # one character of four code points
TEXT = f"The judge {JUDGE} said the border was closed."


@pytest.fixture
def export_file(tmp_path):
    """An export of one claim, "{JUDGE} said the border was closed", with "said" as its cue and
    the judge as its mention; returns the path and the export's data to edit."""
    project = ProjectFactory(slug="court")
    document = DocumentFactory(project=project, text=TEXT)
    annotator = MembershipFactory(project=project).user
    start, said = TEXT.index(JUDGE), TEXT.index("said")
    services.create_claim(
        document,
        start=start,
        end=len(TEXT) - 1,
        text=TEXT[start:-1],
        kind="indirect",
        source=SourceFactory(project=project, name="The judge"),
        cue=(said, said + 4),
        mentions=[services.MentionSpan(start, start + len(JUDGE))],
        actor=annotator,
    )
    path = tmp_path / "export.json"
    run("export_annotations", project="court", format="json", output=str(path))
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_an_export_of_whole_characters_is_restored(export_file):
    path, _ = export_file
    run("import_annotations", str(path), project="copy")
    assert Claim.objects.get(document__project__slug="copy").text == f"{JUDGE} said the border was closed"


@pytest.mark.parametrize(
    ("edit", "place", "cut_at"),
    [
        (lambda claim: claim["cue"].update(start=12, text=TEXT[12:19]), "cue", 12),
        (lambda claim: claim["mentions"][0].update(end=13, text=TEXT[10:13]), "mention", 13),
        (lambda claim: claim.update(end=11, text=TEXT[10:11]), "", 11),
    ],
)
def test_an_export_whose_span_cuts_a_character_is_refused_and_nothing_written(
    export_file, edit, place, cut_at
):
    path, data = export_file
    (claim,) = data["documents"][0]["claims"]
    edit(claim)
    path.write_text(json.dumps(data), encoding="utf-8")
    where = f"claim {claim['id']} {place}".strip()
    with pytest.raises(CommandError, match=f"{where}: \\[.*\\) cuts the character '{JUDGE}' at {cut_at}: "):
        run("import_annotations", str(path), project="copy")
    assert not Project.objects.filter(slug="copy").exists()
