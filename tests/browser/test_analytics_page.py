"""The analytics page in Chromium: an annotator reads the charts, their tables and the relay
network, and downloads a figure as CSV."""

import csv
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.analytics_data import build_newsroom
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Whether every canvas of the page has pixels drawn on it: Chart.js drew each chart.
CHARTS_DRAWN = """() => {
  const canvases = [...document.querySelectorAll("canvas")];
  return canvases.length === 4 && canvases.every((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    return data.some((value, index) => index % 4 === 3 && value > 0);
  });
}"""


def table_rows(page, table_id: str) -> list[list[str]]:
    return page.locator(f"#{table_id} tbody tr").evaluate_all(
        "(rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim()))"
    )


def test_a_member_reads_the_analytics_and_downloads_a_csv(page, db):
    newsroom = build_newsroom()
    sign_in(page, newsroom.annotator.username, f"/projects/{newsroom.project.pk}/")
    page.get_by_role("link", name="Analytics").click()
    page.wait_for_url(f"**/projects/{newsroom.project.pk}/analytics/")
    expect(page.get_by_text("4 approved claims.")).to_be_visible()

    page.wait_for_function(CHARTS_DRAWN)
    network = page.locator("#relay-network svg")
    expect(network.locator(".node")).to_have_count(5)
    expect(network.locator("path.edge")).to_have_count(3)
    expect(network.locator(".node", has_text="Officials")).to_have_class("node kind-group")
    expect(network.locator(".hop title").first).to_have_text(
        "Officials → Global Times: 2 claims, published by Global Times (1), Radio Free Asia (1)"
    )
    screenshot(page, "analytics")
    network.scroll_into_view_if_needed()
    screenshot(page, "analytics-relays")

    for summary in page.locator("details > summary").all():
        summary.click()
    assert table_rows(page, "sources-table") == [["Officials", "group", "2"], ["Spokesman", "person", "2"]]
    assert table_rows(page, "outlets-table") == [
        ["Radio Free Asia", "2", "1"],
        ["(no outlet)", "1", "1"],
        ["Global Times", "1", "1"],
    ]
    assert table_rows(page, "kinds-table") == [
        ["direct quote", "1"],
        ["indirect (paraphrase)", "2"],
        ["mixed (partly quoted)", "0"],
        ["according to", "1"],
        ["author's own", "0"],
    ]
    assert table_rows(page, "months-table") == [
        ["2024-03", "publication", "1"],
        ["2024-05", "publication", "2"],
        ["2025-01", "claim made", "1"],
    ]
    assert table_rows(page, "relays-table") == [
        ["Officials", "Global Times", "2", "Global Times (1); Radio Free Asia (1)"],
        ["Global Times", "Reuters", "1", "Radio Free Asia (1)"],
        ["Spokesman", "Xinhua", "1", "(no outlet) (1)"],
    ]
    expect(page.locator("#sources-table")).to_be_visible()

    sources = page.get_by_role("region", name="Sources")
    with page.expect_download() as download_info:
        sources.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "analytics-desk-sources.csv"
    with Path(download.path()).open(encoding="utf-8", newline="") as downloaded:
        assert list(csv.reader(downloaded)) == [
            ["source_id", "source_name", "source_kind", "claims"],
            [str(newsroom.officials.pk), "Officials", "group", "2"],
            [str(newsroom.spokesman.pk), "Spokesman", "person", "2"],
        ]
