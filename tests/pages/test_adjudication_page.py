"""The adjudication page's rows: a merge's source defaults to the one most annotators named."""

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
