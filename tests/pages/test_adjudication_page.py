"""The adjudication page's rows: a merge's source defaults to the one most annotators named, and
Take is disabled on the adjudicator's own claim."""

import re

import pytest

from claims.models import Role
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db

TEXT = "Officials said the border was closed on Monday."


def test_the_merge_source_defaults_to_the_one_most_claims_name(client):
    document = DocumentFactory(text=TEXT)
    project = document.project
    global_times, police = (SourceFactory(project=project, name=name) for name in ("Global Times", "Police"))
    for source in (police, global_times, police):
        annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
        claim_on(document, "the border was closed", source=source, actor=annotator)
    client.force_login(MembershipFactory(project=project, role=Role.REVIEWER).user)

    response = client.get(f"/documents/{document.pk}/adjudicate/")

    [row] = response.context["rows"]
    assert [source.name for source in row["sources"]] == ["Police", "Global Times"]


def test_take_is_disabled_on_the_adjudicators_own_claim(client):
    document = DocumentFactory(text=TEXT)
    project = document.project
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    police = SourceFactory(project=project, name="Police")
    own = claim_on(document, "the border was closed", source=police, actor=reviewer)
    other = claim_on(document, "border was closed on Monday", source=police, actor=annotator)
    client.force_login(reviewer)

    page = client.get(f"/documents/{document.pk}/adjudicate/").content.decode()

    take_buttons = re.findall(
        r'data-id="(\d+)".*?(<button type="button" data-action="take"[^>]*>)', page, re.S
    )
    takes = {int(claim_id): button for claim_id, button in take_buttons}
    assert 'disabled title="Nobody approves a claim they made' in takes[own.pk]
    assert "disabled" not in takes[other.pk]
