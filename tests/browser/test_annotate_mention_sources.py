"""Editing a claim on the annotate page keeps what its mentions name: a mention of the claim's
own source follows the claim to a new source, one naming another source keeps it."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Claim, Role
from tests.browser.conftest import sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Border closed\n\nOfficials said the border was closed on Monday, RFA reported."


def mention(words: str, source=None) -> services.MentionSpan:
    start = ARTICLE.index(words)
    return services.MentionSpan(start, start + len(words), source)


def test_an_edit_keeps_a_mention_of_another_source_and_moves_one_of_its_own(page, page_errors):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    project = document.project
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    officials = SourceFactory(project=project, name="Officials", kind="group")
    police = SourceFactory(project=project, name="Police", kind="group")
    rfa = SourceFactory(project=project, name="RFA", kind="outlet")
    claim = claim_on(
        document,
        "the border was closed on Monday",
        source=officials,
        actor=annotator,
        mentions=[mention("Officials"), mention("RFA", rfa)],  # the outlet named, through the API
    )
    sign_in(page, annotator.username, f"/documents/{document.pk}/")
    page.locator("#claim-list .claim-item").first.click()
    page.keyboard.press("e")
    page.get_by_role("button", name="change").click()
    page.get_by_placeholder("Who says it? Type a name or alias").fill("Police")
    page.keyboard.press("Enter")
    expect(page.locator(".claim-form .chosen")).to_contain_text("Police")  # picked: the form is drawn again
    page.keyboard.press("Control+Enter")
    expect(page.locator(".toast")).to_have_text("Saved.")

    stored = Claim.objects.get(pk=claim.pk)
    assert stored.source == police
    named = {ARTICLE[m.start : m.end]: m.source for m in stored.mentions.all()}
    assert named == {"Officials": police, "RFA": rfa}
    assert page_errors == []
