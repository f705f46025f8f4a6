"""claims.analytics: the figures over a project's approved claims, and their cost in queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.analytics import (
    CSV_TABLES,
    NO_OUTLET,
    OutletShare,
    claims_per_kind,
    claims_per_month,
    claims_per_outlet,
    claims_per_source,
    figure_csv,
    project_analytics,
    relay_network,
)
from tests.analytics_data import add_relayed_claims, build_newsroom
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    return build_newsroom()


def test_claims_per_source_count_approved_claims_by_their_own_source(newsroom):
    rows = [(row.name, row.kind, row.claims) for row in claims_per_source(newsroom.project)]
    # pending and rejected claims by Officials are not counted, nor are relays
    assert rows == [("Officials", "group", 2), ("Spokesman", "person", 2)]
    assert claims_per_source(newsroom.project)[0].source == newsroom.officials.pk


def test_claims_per_outlet_name_documents_without_one(newsroom):
    rows = [(row.outlet, row.claims, row.documents) for row in claims_per_outlet(newsroom.project)]
    assert rows == [("Radio Free Asia", 2, 1), (NO_OUTLET, 1, 1), ("Global Times", 1, 1)]


def test_claims_per_kind_list_every_kind_with_its_label(newsroom):
    rows = [(row.kind, row.label, row.claims) for row in claims_per_kind(newsroom.project)]
    assert rows == [
        ("direct", "direct quote", 1),
        ("indirect", "indirect (paraphrase)", 2),
        ("mixed", "mixed (partly quoted)", 0),  # the mixed claim was rejected
        ("according_to", "according to", 1),
        ("author", "author's own", 0),
    ]


def test_claims_per_month_date_by_publication_else_by_the_claim(newsroom):
    rows = [(row.month, row.dated_by, row.claims) for row in claims_per_month(newsroom.project)]
    # the undated blog's claim was made in January 2025
    assert rows == [("2024-03", "published", 1), ("2024-05", "published", 2), ("2025-01", "created", 1)]


def test_the_relay_network_follows_each_chain_hop_by_hop(newsroom):
    network = relay_network(newsroom.project)
    hops = [
        (teller.name, carrier.name, edge.claims, edge.outlets)
        for teller, carrier, edge in network.named_edges()
    ]
    # Officials → Global Times twice (once going on to Reuters); the pending claim's hop
    # Officials → Reuters is not there, and "nothing changed" had no relay
    assert hops == [
        ("Officials", "Global Times", 2, [OutletShare("Global Times", 1), OutletShare("Radio Free Asia", 1)]),
        ("Global Times", "Reuters", 1, [OutletShare("Radio Free Asia", 1)]),
        ("Spokesman", "Xinhua", 1, [OutletShare(NO_OUTLET, 1)]),
    ]
    nodes = [(node.name, node.kind, node.claims) for node in network.nodes]
    assert nodes == [
        ("Global Times", "outlet", 2),
        ("Officials", "group", 2),
        ("Reuters", "outlet", 1),
        ("Spokesman", "person", 1),
        ("Xinhua", "outlet", 1),
    ]
    assert network.edges[0].outlet_list == "Global Times (1); Radio Free Asia (1)"


def test_a_project_without_approved_claims_has_empty_figures(newsroom):
    figures = project_analytics(ProjectFactory())
    assert figures.approved_claims == 0
    assert figures.sources == figures.outlets == figures.months == []
    assert [kind.claims for kind in figures.kinds] == [0, 0, 0, 0, 0]
    assert figures.relays.nodes == figures.relays.edges == []


def test_the_figures_take_five_queries_whatever_the_number_of_claims(newsroom):
    with CaptureQueriesContext(connection) as few_claims:
        project_analytics(newsroom.project)
    add_relayed_claims(newsroom, 8)
    with CaptureQueriesContext(connection) as more_claims:
        figures = project_analytics(newsroom.project)
    assert len(few_claims) == len(more_claims) == 5
    assert figures.approved_claims == 12
    assert len(figures.outlets) == 3 + 8
    hops = {
        (teller.name, carrier.name): edge.claims for teller, carrier, edge in figures.relays.named_edges()
    }
    assert hops[("Officials", "Xinhua")] == 8 and hops[("Xinhua", "Reuters")] == 8


@pytest.mark.parametrize("figure", list(CSV_TABLES))
def test_each_csv_is_one_query_with_its_header_first(newsroom, figure):
    add_relayed_claims(newsroom, 3)
    with CaptureQueriesContext(connection) as queries:
        text = figure_csv(newsroom.project, figure)
    assert len(queries) == 1
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_TABLES[figure].columns
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_a_name_that_reads_as_a_formula_stays_text_in_the_csv(newsroom):
    newsroom.officials.name = '=HYPERLINK("http://evil.example","x")'
    newsroom.officials.save()
    rows = list(csv.reader(io.StringIO(figure_csv(newsroom.project, "sources"))))
    names = [row[rows[0].index("source_name")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert not any(name.startswith("=") for name in names)
