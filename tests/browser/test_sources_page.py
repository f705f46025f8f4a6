"""The source registry in Chromium: a reviewer renames an entry, removes its junk alias, marks one
reviewed and merges one into another; a refusal shows next to its row; a manager deletes an
unused entry and is told why a used one stays."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import AuditEvent, Claim, Role, Source
from tests.browser.conftest import screenshot, sign_in
from tests.factories import MembershipFactory
from tests.pages.helpers import build_queue, claim

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry():
    """The review queue's project with an outlet, the suggester's proposals "Earlier this year
    Yin Gang", "If" and "RFA" (which a claim is attributed to), and a manager."""
    queue = build_queue()
    services.create_source(queue.project, name="Radio Free Asia", kind="outlet")
    services.create_source(queue.project, name="Earlier this year Yin Gang", kind="group", needs_review=True)
    services.create_source(queue.project, name="If", kind="person", needs_review=True)
    rfa = services.create_source(queue.project, name="RFA", kind="outlet", needs_review=True)
    queue.claims["rfa"] = claim(queue.border, "Police say that", rfa, queue.annotator)
    return queue


def sources_url(queue) -> str:
    return f"/projects/{queue.project.pk}/sources/"


def row(page, name: str):
    return page.locator(f'tr.source-row[data-name="{name}"]')


def test_reviewer_renames_marks_reviewed_and_merges(page, registry, page_errors):
    sign_in(page, "rita", sources_url(registry))
    expect(page.locator("tr.source-row").first).to_have_attribute("data-name", "Earlier this year Yin Gang")
    expect(page.locator("tr.source-row .flag:visible")).to_have_count(3)
    expect(page.locator("#source-count")).to_have_text("11")
    expect(page.locator("#review-count")).to_have_text("3")

    junk = row(page, "Earlier this year Yin Gang")
    junk.get_by_role("button", name="Edit").click()
    panel = page.locator("tr.panel-row form")
    expect(panel.get_by_label("Name")).to_be_focused()
    expect(panel.get_by_label("Name")).to_have_value("Earlier this year Yin Gang")
    panel.get_by_label("Name").fill("Yin Gang")
    panel.get_by_label("Kind").select_option("person")
    panel.get_by_role("button", name="Save").click()
    renamed = row(page, "Yin Gang")
    expect(renamed.locator(".row-note")).to_have_text(
        "Saved. “Earlier this year Yin Gang” stays as an alias."
    )
    expect(renamed.locator(".source-kind")).to_have_text("person")
    expect(renamed.locator(".flag")).to_be_hidden()
    expect(page.locator("tr.panel-row")).to_have_count(0)
    renamed.get_by_role("button", name="Remove alias Earlier this year Yin Gang").click()
    expect(renamed.locator(".row-note")).to_have_text("Removed the alias “Earlier this year Yin Gang”.")
    expect(renamed.locator(".alias")).to_have_count(0)

    row(page, "If").get_by_role("button", name="Mark reviewed").click()
    expect(row(page, "If").locator(".row-note")).to_have_text("Marked reviewed.")
    expect(row(page, "If").locator(".flag")).to_be_hidden()
    expect(row(page, "If").get_by_role("button", name="Mark reviewed")).to_be_hidden()

    row(page, "RFA").get_by_role("button", name="Merge…").click()
    page.locator("tr.panel-row").get_by_placeholder("the entry that stays").fill("radio free asia")
    page.locator("tr.panel-row").get_by_role("button", name="Merge").click()
    expect(page.locator("#registry-status")).to_have_text("Merged “RFA” into “Radio Free Asia”.")
    expect(row(page, "RFA")).to_have_count(0)
    kept = row(page, "Radio Free Asia")
    expect(kept.locator(".alias-name")).to_have_text(["RFA"])
    expect(kept.locator(".claim-count")).to_have_text("1")
    expect(kept.locator(".row-note")).to_have_text("Merged “RFA” into this entry.")
    expect(page.locator("#source-count")).to_have_text("10")
    expect(page.locator("#review-count")).to_have_text("0")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "sources-page")

    page.reload()  # what was stored, drawn by the server
    expect(page.locator("tr.source-row .flag:visible")).to_have_count(0)
    expect(page.locator("#source-count")).to_have_text("10")
    expect(page.locator("#review-count")).to_have_text("0")
    expect(row(page, "Yin Gang").locator(".source-kind")).to_have_text("person")
    expect(row(page, "Radio Free Asia").locator(".alias-name")).to_have_text(["RFA"])
    expect(row(page, "RFA")).to_have_count(0)
    rfa_claim = Claim.objects.get(pk=registry.claims["rfa"].pk)
    assert rfa_claim.source.name == "Radio Free Asia"
    assert not Source.objects.filter(project=registry.project, needs_review=True).exists()
    assert page_errors == []


def test_a_refusal_is_shown_next_to_its_row_and_names_are_text(page, registry, page_errors):
    sign_in(page, "rita", sources_url(registry))
    police = row(page, "Police")
    police.get_by_role("button", name="Edit").click()
    panel = page.locator("tr.panel-row form")
    panel.get_by_label("Name").fill("officials")
    panel.get_by_label("Name").press("Enter")
    expect(police.locator(".row-note")).to_have_text(
        "name: a source named 'Officials' already exists in this project"
    )
    expect(panel).to_be_visible()  # to mend and try again

    panel.get_by_label("Name").fill("<b>Police</b> desk")
    panel.get_by_label("New alias").fill("<img src=x>")
    panel.get_by_role("button", name="Save").click()
    desk = row(page, "<b>Police</b> desk")
    expect(desk.locator(".source-name")).to_have_text("<b>Police</b> desk")
    expect(desk.locator(".alias-name")).to_have_text(["<img src=x>", "Police"])
    expect(desk.locator("b, img")).to_have_count(0)

    desk.get_by_role("button", name="Merge…").click()
    page.locator("tr.panel-row").get_by_placeholder("the entry that stays").fill("Nobody at all")
    page.keyboard.press("Enter")
    expect(desk.locator(".row-note")).to_have_text(
        "No entry of this project is named “Nobody at all”: pick one from the list."
    )
    page.keyboard.press("Escape")
    expect(page.locator("tr.panel-row")).to_have_count(0)
    expect(desk.get_by_role("button", name="Merge…")).to_be_focused()
    assert page_errors == []


def test_a_manager_deletes_an_unused_entry_and_a_used_one_stays(page, registry, page_errors):
    MembershipFactory(project=registry.project, role=Role.MANAGER, user__username="mona")
    sign_in(page, "mona", sources_url(registry))

    row(page, "RFA").get_by_role("button", name="Delete").click()
    page.locator("tr.panel-row").get_by_role("button", name="Delete").click()
    expect(row(page, "RFA").locator(".row-note")).to_have_text(
        "source 'RFA' is used by claims and cannot be deleted: merge it into another entry instead."
    )
    expect(page.locator("tr.panel-row")).to_have_count(0)

    row(page, "If").get_by_role("button", name="Delete").click()
    page.locator("tr.panel-row").get_by_role("button", name="Delete").click()
    expect(page.locator("#registry-status")).to_have_text("Deleted “If”.")
    expect(row(page, "If")).to_have_count(0)
    assert list(Source.objects.filter(name__in=["If", "RFA"]).values_list("name", flat=True)) == ["RFA"]
    assert page_errors == []


def test_merging_into_an_entry_not_on_the_page_counts_it_reviewed(page, registry, page_errors):
    sign_in(page, "rita", f"{sources_url(registry)}?q=RFA")
    expect(page.locator("tr.source-row")).to_have_count(1)
    expect(page.locator("#review-count")).to_have_text("3")

    row(page, "RFA").get_by_role("button", name="Merge…").click()
    page.locator("tr.panel-row").get_by_placeholder("the entry that stays").fill("If")
    page.locator("tr.panel-row").get_by_role("button", name="Merge").click()
    expect(page.locator("#registry-status")).to_have_text("Merged “RFA” into “If”.")
    # RFA is gone and If, filtered out of this page, was decided by the merge
    expect(page.locator("#review-count")).to_have_text("1")

    page.reload()
    expect(page.locator("#review-count")).to_have_text("1")
    assert page_errors == []


def test_reviewer_sets_and_clears_an_affiliation_and_a_cycle_is_refused(page, registry, page_errors):
    sources = registry.sources
    services.update_source(sources["Liu Huaming"], affiliation=sources["Police"])
    sign_in(page, "rita", sources_url(registry))
    liu = row(page, "Liu Huaming")
    expect(liu.locator("td.affiliation")).to_have_text("Police")

    # Police under Officials, chosen by name (any case) from the project's entries
    police = row(page, "Police")
    police.get_by_role("button", name="Edit").click()
    panel = page.locator("tr.panel-row form")
    expect(panel.get_by_label("Affiliation")).to_have_value("")
    panel.get_by_label("Affiliation").fill("officials")
    panel.get_by_role("button", name="Save").click()
    expect(police.locator(".row-note")).to_have_text("Saved.")
    expect(police.locator("td.affiliation")).to_have_text("Officials")

    # Officials under Liu Huaming would be Officials → Liu Huaming → Police → Officials
    officials = row(page, "Officials")
    officials.get_by_role("button", name="Edit").click()
    panel.get_by_label("Affiliation").fill("Liu Huaming")
    panel.get_by_role("button", name="Save").click()
    expect(officials.locator(".row-note")).to_have_text(
        "affiliation: affiliating 'Officials' with 'Liu Huaming' would make a cycle: "
        "Officials → Liu Huaming → Police → Officials"
    )
    expect(panel).to_be_visible()  # to mend and try again
    expect(officials.locator("td.affiliation")).to_have_text("–")
    panel.scroll_into_view_if_needed()
    screenshot(page, "sources-affiliation-cycle")
    panel.get_by_role("button", name="Cancel").click()

    # a name that is no entry is refused on the page, before any request
    liu.get_by_role("button", name="Edit").click()
    expect(panel.get_by_label("Affiliation")).to_have_value("Police")
    panel.get_by_label("Affiliation").fill("Nobody at all")
    panel.get_by_role("button", name="Save").click()
    expect(liu.locator(".row-note")).to_have_text(
        "No entry of this project is named “Nobody at all”: pick one from the list, or empty the "
        "field for none."
    )
    # an emptied field clears it
    panel.get_by_label("Affiliation").fill("")
    panel.get_by_role("button", name="Save").click()
    expect(liu.locator(".row-note")).to_have_text("Saved.")
    expect(liu.locator("td.affiliation")).to_have_text("–")
    expect(liu.locator("td.affiliation")).to_have_attribute("data-affiliation", "")

    affiliated = {
        source.name: getattr(source.affiliation, "name", None)
        for source in Source.objects.filter(project=registry.project).select_related("affiliation")
    }
    assert (affiliated["Liu Huaming"], affiliated["Police"], affiliated["Officials"]) == (
        None,
        "Officials",
        None,
    )
    cleared = AuditEvent.objects.filter(action="source.updated", target_id=sources["Liu Huaming"].pk).last()
    assert (cleared.actor.username, cleared.before["affiliation"], cleared.after["affiliation"]) == (
        "rita",
        "Police",
        None,
    )

    page.reload()  # what was stored, drawn by the server
    expect(row(page, "Liu Huaming").locator("td.affiliation")).to_have_text("–")
    expect(row(page, "Police").locator("td.affiliation")).to_have_text("Officials")
    assert page_errors == []
