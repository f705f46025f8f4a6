"""A title or source name of hundreds of characters without a space (an upload's first line can
be one) wraps inside the page rather than widening it."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Document, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "x" * 400
# As long as the model lets an outlet be: one word, and many long words.
LONG_OUTLET = "y" * Document._meta.get_field("outlet").max_length
WORDY_OUTLET = ("Internationalisation Correspondents' Broadcasting Incorporated " * 4).strip()[:200]
# Source names as long as the model lets them be: one word, and a committee's full title.
LONG_SOURCE = "z" * 300
WORDY_SOURCE = (
    "The Standing Committee of the Regional People's Congress on Ethnic Affairs, Religious "
    "Questions and the Protection of Overseas Chinese Citizens' Legitimate Rights and Interests"
)

# The names Chart.js draws on the sources chart's axis, the full ones it was given, and the
# widths of its axis and of its bars' area.
SOURCES_AXIS = """() => {
  const chart = Chart.getChart("sources-chart");
  const ticks = chart.scales.y.ticks.map((tick) => [tick.label].flat().join(" "));
  const tooltipTitle = chart.options.plugins.tooltip.callbacks.title;
  return {
    labels: chart.data.labels,
    ticks,
    tooltips: chart.data.labels.map((label) => [tooltipTitle([{ label }])].flat().join("")),
    axisWidth: chart.scales.y.width,
    barsWidth: chart.chartArea.right - chart.chartArea.left,
    canvasWidth: chart.width,
  };
}"""


def hover_bar(page, canvas_id: str, index: int) -> None:
    """Points at a bar of a chart, for its tooltip."""
    x, y = page.evaluate(
        "([id, index]) => { const bar = Chart.getChart(id).getDatasetMeta(0).data[index]; return [bar.x - 5, bar.y]; }",
        [canvas_id, index],
    )
    box = page.locator(f"#{canvas_id}").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_long_titles_and_names_wrap_inside_the_page(page, page_errors, db):
    document = DocumentFactory(title=LONG, text="Officials said the border was closed on Monday.")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    source = SourceFactory(project=document.project, name=f"Officials {LONG[:250]}", kind="group")
    claim_on(document, "the border was closed", source=source, actor=annotator)
    viewport = page.viewport_size["width"]
    sign_in(page, annotator.username, f"/projects/{document.project_id}/")
    expect(page.locator("table.list")).to_contain_text(LONG[:100])
    assert page_width(page) <= viewport
    screenshot(page, "long-title-document-list")
    for path in (f"/documents/{document.pk}/", f"/projects/{document.project_id}/review/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page_width(page) <= viewport, path
    assert page_errors == []


def test_a_long_outlet_is_cut_short_in_the_document_list_and_given_whole_in_its_title(page, page_errors, db):
    project = ProjectFactory()
    for number, outlet in enumerate((LONG_OUTLET, WORDY_OUTLET)):
        DocumentFactory(
            project=project, title="Mayor resigns", outlet=outlet, text=f"The mayor resigned {number}."
        )
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    viewport = page.viewport_size["width"]
    sign_in(page, annotator.username, f"/projects/{project.pk}/")

    for outlet in (LONG_OUTLET, WORDY_OUTLET):
        name = page.locator(".outlet-name", has_text=outlet[:40])
        expect(name).to_have_attribute("title", outlet)
        expect(name).to_have_text(outlet)  # all of it is in the page, the end hidden
        box = name.bounding_box()
        assert box["width"] < viewport / 3 and box["height"] < 80, box
    assert page_width(page) <= viewport
    screenshot(page, "long-outlet-document-list")
    assert page_errors == []


def approve(document, words: str, source, annotator, reviewer, via=()) -> None:
    claim = claim_on(document, words, source=source, actor=annotator, via=via)
    services.review_claim(claim.pk, reviewer=reviewer, verdict="approve", version=claim.version)


def test_long_source_names_are_shortened_on_the_chart_axis_and_given_whole_on_hover(page, page_errors, db):
    project = ProjectFactory()
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    document = DocumentFactory(
        project=project,
        outlet=LONG_OUTLET,
        text="Officials said the border was closed. A committee said trade will grow. Police said it rained.",
    )
    approve(
        document,
        "the border was closed",
        SourceFactory(project=project, name=LONG_SOURCE),
        annotator,
        reviewer,
    )
    committee = SourceFactory(project=project, name=WORDY_SOURCE)
    relay = SourceFactory(project=project, name=f"Relay {LONG_SOURCE}"[:300])
    approve(document, "trade will grow", committee, annotator, reviewer, via=[relay])
    approve(
        document,
        "it rained",
        SourceFactory(project=project, name="Police", kind="group"),
        annotator,
        reviewer,
    )
    viewport = page.viewport_size["width"]
    sign_in(page, annotator.username, f"/projects/{project.pk}/analytics/")
    page.wait_for_function("() => Chart.getChart('sources-chart')?.chartArea")

    axis = page.evaluate(SOURCES_AXIS)
    assert sorted(axis["labels"]) == sorted([LONG_SOURCE, WORDY_SOURCE, "Police"])
    for label, tick, tooltip in zip(axis["labels"], axis["ticks"], axis["tooltips"], strict=True):
        if label == "Police":
            assert tick == "Police"
        else:
            assert tick.endswith("…") and len(tick) < 80, tick
        assert tooltip.replace(" ", "") == label.replace(" ", "")  # whole, if over several lines
    assert axis["axisWidth"] < axis["canvasWidth"] / 3, axis
    assert axis["barsWidth"] > axis["canvasWidth"] / 2, axis
    assert page_width(page) <= viewport
    hover_bar(page, "sources-chart", axis["labels"].index(WORDY_SOURCE))
    screenshot(page, "long-names-analytics")

    for summary in page.locator("details > summary").all():
        summary.click()
    expect(page.locator("#sources-table")).to_contain_text(WORDY_SOURCE)
    expect(page.locator("#relays-table")).to_contain_text(LONG_OUTLET)
    expect(page.locator("#relay-network .node title", has_text=WORDY_SOURCE)).to_have_count(1)
    assert page_width(page) <= viewport
    page.locator("#sources-table").scroll_into_view_if_needed()
    screenshot(page, "long-names-analytics-tables")
    page.locator("#relays-table").scroll_into_view_if_needed()
    screenshot(page, "long-names-analytics-relays")
    assert page_errors == []
