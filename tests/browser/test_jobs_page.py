"""The project page's background jobs in Chromium: a reviewer starts the suggester over every
document and an export, watches them finish and downloads the file."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims import jobs
from claims.models import Claim, Job, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_runs_jobs_and_downloads_the_export(page, db):
    document = DocumentFactory(text="Officials said the border was closed on Monday.", title="Border")
    DocumentFactory(
        project=document.project, text="The minister said talks would resume.", title="Talks", sha256="c" * 64
    )
    reviewer = MembershipFactory(project=document.project, role=Role.REVIEWER).user
    sign_in(page, reviewer.username, f"/projects/{document.project_id}/")

    page.get_by_role("button", name="Suggest claims for every document").click()
    suggestions = page.locator("#job-list .job").first
    expect(suggestions.locator(".job-status")).to_have_text("succeeded")
    expect(suggestions.locator(".job-count")).to_have_text("2/2")
    created = Claim.objects.filter(status="suggested").count()
    expect(suggestions.locator(".job-outcome")).to_contain_text(f"{created} suggestions over 2 documents")
    share = page.locator(".suggestion-share")
    expect(share).to_have_count(0)  # the page was drawn before there were any suggestions
    suggestions.get_by_role("link", name="reload to see them in the list").click()
    expect(share).to_contain_text(f"{created} waiting")

    page.select_option("select[name=format]", "jsonl")
    page.get_by_role("button", name="Export to a file").click()
    export = page.locator("#job-list .job").first
    expect(export.locator(".job-kind")).to_contain_text("Export")
    expect(export.locator(".job-scope")).to_have_text(" · jsonl")
    link = export.get_by_role("link", name="Download")
    expect(link).to_be_visible()
    screenshot(page, "project-jobs")
    with page.expect_download() as download:
        link.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == created and all(json.loads(line)["status"] == "suggested" for line in lines)
    assert list(Job.objects.values_list("kind", "status")) == [
        ("export_project", "succeeded"),
        ("suggest_project", "succeeded"),
    ]


def test_an_annotator_may_export_but_not_run_the_suggester(page, db):
    document = DocumentFactory()
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    sign_in(page, annotator.username, f"/projects/{document.project_id}/")
    expect(page.get_by_role("button", name="Export to a file")).to_be_visible()
    expect(page.get_by_role("button", name="Suggest claims for every document")).to_have_count(0)


def test_a_job_lists_the_filters_it_was_started_with_by_name(page, db):
    document = DocumentFactory(title="Border <b>closed</b>")
    source = SourceFactory(project=document.project, name="Global Times")
    reviewer = MembershipFactory(project=document.project, role=Role.REVIEWER).user
    parameters = {
        "format": "csv",
        "status": ["approved", "pending"],
        "source": source.pk,
        "document": document.pk,
    }
    jobs.start_job(document.project, "export_project", parameters, actor=reviewer, in_process=True)
    sign_in(page, reviewer.username, f"/projects/{document.project_id}/")
    scope = page.locator("#job-list .job .job-scope")
    expect(scope).to_have_text(
        " · csv, approved or pending, source “Global Times”, document “Border <b>closed</b>”"
    )
