"""The members page in Chromium: a manager adds a member, changes a role, is told why the
project's last manager cannot step down, and removes a member."""

import pytest
from playwright.sync_api import expect

from claims.models import AuditEvent, Membership, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def row(page, username: str):
    return page.locator(f'tr.member-row[data-username="{username}"]')


def test_a_manager_adds_promotes_and_removes_members(page, page_errors):
    manager = MembershipFactory(role=Role.MANAGER, user__username="mona").user
    project = Membership.objects.get(user=manager).project
    MembershipFactory(project=project, role=Role.ANNOTATOR, user__username="annie")
    UserFactory(username="newcomer")
    sign_in(page, "mona", f"/projects/{project.pk}/members/")
    expect(page.locator("tr.member-row")).to_have_count(2)

    page.get_by_label("User name").fill("nobody-here")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#members-status")).to_have_text("username: no user 'nobody-here'")

    page.get_by_label("User name").fill("newcomer")
    page.locator("#add-member").get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Add").click()
    expect(row(page, "newcomer")).to_have_attribute("data-role", "reviewer")

    page.get_by_label("Role of mona").select_option("annotator")
    expect(page.locator("#members-status")).to_have_text(
        "a project keeps at least one manager: make another member a manager first"
    )
    expect(page.get_by_label("Role of mona")).to_have_value("manager")  # back to what is stored

    page.get_by_label("Role of annie").select_option("manager")
    expect(row(page, "annie")).to_have_attribute("data-role", "manager")
    screenshot(page, "members-page")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove newcomer from the project").click()
    expect(row(page, "newcomer")).to_have_count(0)

    roles = dict(Membership.objects.filter(project=project).values_list("user__username", "role"))
    assert roles == {"mona": "manager", "annie": "manager"}
    actions = list(AuditEvent.objects.filter(actor=manager).order_by("pk").values_list("action", flat=True))
    assert actions == ["membership.changed", "membership.changed", "membership.removed"]
    assert page_errors == []


def test_a_reviewer_reads_the_members_without_controls(page):
    reviewer = MembershipFactory(role=Role.REVIEWER, user__username="rita").user
    project = Membership.objects.get(user=reviewer).project
    sign_in(page, "rita", f"/projects/{project.pk}/")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Members").click()

    expect(row(page, "rita")).to_contain_text("reviewer")
    expect(page.locator("select[name=role]")).to_have_count(0)
    expect(page.get_by_role("heading", name="Add a member")).to_have_count(0)
