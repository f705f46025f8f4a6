from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from claims.models import Role
from tests.factories import (
    ARTICLE,
    DocumentFactory,
    MembershipFactory,
    ProjectFactory,
    SourceFactory,
    UserFactory,
)


@dataclass
class Team:
    """One project with a member of each role, a non-member, a document and two sources."""

    project: object
    annotator: object
    second_annotator: object
    reviewer: object
    manager: object
    outsider: object
    document: object
    officials: object
    global_times: object


@pytest.fixture
def team(db):
    project = ProjectFactory(slug="newsroom")
    members = {
        role_name: MembershipFactory(project=project, role=role).user
        for role_name, role in [
            ("annotator", Role.ANNOTATOR),
            ("second_annotator", Role.ANNOTATOR),
            ("reviewer", Role.REVIEWER),
            ("manager", Role.MANAGER),
        ]
    }
    document = DocumentFactory(project=project, text=ARTICLE)
    return Team(
        project=project,
        outsider=MembershipFactory(role=Role.MANAGER).user,  # a manager, of another project
        document=document,
        officials=SourceFactory(project=project, name="Officials", kind="group"),
        global_times=SourceFactory(project=project, name="Global Times", kind="outlet"),
        **members,
    )


@pytest.fixture
def api():
    """api(user) is a client signed in as that user; api() is anonymous."""

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def claim_body(team, **changes) -> dict:
    """A valid body for POST /api/claims/: the first sentence of the article, by Officials."""
    body = {
        "document": team.document.pk,
        "start": 0,
        "end": 37,
        "text": "Officials said the border was closed.",
        "kind": "indirect",
        "source": team.officials.pk,
        "cue": {"start": 10, "end": 14},
        "mentions": [{"start": 0, "end": 9}],
        "via": [team.global_times.pk],
    }
    body.update(changes)
    return body
