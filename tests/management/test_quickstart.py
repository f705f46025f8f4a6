import re

import pytest
from django.contrib.auth import get_user_model

from claims.models import Claim, Document, Membership, Role, Source
from tests.factories import UserFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db


def test_quickstart_loads_registry_seeds_and_demo_accounts_it_prints():
    out, _ = run("quickstart")
    assert Document.objects.filter(project__slug="seeds").count() == 14
    assert Source.objects.filter(project__slug="seeds").count() > 100
    credentials = dict(re.findall(r"username (\w+)\s+password (\S+)", out))
    assert set(credentials) == {"annotator", "reviewer", "manager"}
    for username, password in credentials.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password)
        assert Membership.objects.get(user=user, project__slug="seeds").role == Role(username)
    # the admin lists every project: no demo account enters it
    assert not get_user_model().objects.filter(is_staff=True).exists()
    assert Claim.objects.filter(created_by__username="annotator", status="pending").count() == 8
    assert "Demo claims in 'seeds': 8 recorded" in out


def test_quickstart_creates_no_accounts_when_users_exist_and_is_repeatable():
    UserFactory(username="alice")
    run("quickstart")
    out, _ = run("quickstart")
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["alice"]
    assert "Users exist already: no demo accounts created." in out
    assert "password" not in out
    assert Document.objects.count() == 14
    assert not Claim.objects.exists()
