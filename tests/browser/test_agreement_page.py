"""The agreement page in Chromium: a reviewer reads how far two annotators agree."""

import pytest
from playwright.sync_api import expect

from claims.models import Mention, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import ClaimFactory, DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_reads_the_agreement_and_an_annotator_has_no_tab(page, db):
    document = DocumentFactory(title="Border")
    project = document.project
    first, second = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    officials = SourceFactory(project=project, name="Officials")
    for user in (first, second):
        claim = ClaimFactory(document=document, created_by=user, source=officials, cue_start=10, cue_end=14)
        Mention.objects.create(claim=claim, source=officials, start=0, end=9)
    ClaimFactory(document=document, created_by=first, start=40, end=63, text=document.text[40:63])

    sign_in(page, reviewer.username, f"/projects/{project.pk}/")
    page.get_by_role("link", name="Agreement").click()
    overall = page.locator("#overall")
    # claims: 1 exact match of 2 + 1 spans; cues and mentions: identical
    expect(overall.locator("tr", has_text="claim").first).to_contain_text("0.667")
    expect(overall.locator("tr", has_text="cue")).to_contain_text("1.000")
    expect(overall.locator("tr", has_text="same source")).to_contain_text("1.000")
    expect(page.locator("#pairs tbody tr")).to_have_count(1)
    expect(page.locator("#pairs")).to_contain_text(f"{first.username} · {second.username}")
    expect(page.locator("#documents")).to_contain_text("Border")
    screenshot(page, "agreement")

    page.context.clear_cookies()
    sign_in(page, first.username, f"/projects/{project.pk}/")
    expect(page.get_by_role("link", name="Agreement")).to_have_count(0)
