import pytest
from django.core.management import CommandError

from tests.factories import ClaimFactory, DocumentFactory, SourceFactory, UserFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_figures_and_with_v2_the_pairs():
    document = DocumentFactory(project__slug="shared")
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    officials = SourceFactory(project=document.project, name="Officials")
    for user in (alice, bob):
        ClaimFactory(document=document, created_by=user, source=officials, cue_start=10, cue_end=14)
    out, _ = run("agreement", project="shared", verbosity=2)
    lines = out.splitlines()
    assert lines[0] == "Project 'shared': 2 annotators, 1 documents."
    assert lines[2] == "claim  |    1.000 |      1.000 | 1.000"
    assert lines[4] == "source |        - |          - | -"
    assert lines[5] == "all    |          |            | 1.000"
    assert lines[6] == "Same source on 1 claims matched by overlap: 1.000."
    assert lines[7] == "alice · bob: 1 documents, claim F1 1.000 exact, 1.000 overlap, alpha 1.000"


def test_an_unknown_project_is_an_error():
    with pytest.raises(CommandError, match="no project 'nowhere'"):
        run("agreement", project="nowhere")
