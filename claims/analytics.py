"""Figures over a project's approved claims, for the analytics page and its API.

Every figure counts **approved** claims of the project's documents, and each is one query
whatever the number of claims:

- **sources**: for each source with an approved claim, how many are attributed to it (its own
  source, not the sources it was relayed through); most claims first.
- **outlets**: for each outlet that published a document with an approved claim (the document's
  ``outlet``; ``(no outlet)`` when it has none), the claims and the documents holding them.
- **kinds**: for every attribution kind, in the order of ``AttributionKind``, its label and claims
  (zero included, so that charts of two projects line up).
- **months**: claims per month, dated by their document's ``published_on``, or by when the claim
  was made (``created_at``, in the site's time zone) where the document has no date;
  ``dated_by`` says which (``published`` or ``created``), so a month may have a row of each.
- **relays**: the relay network. A claim whose relay chain is ``R1, R2, ...`` (``ClaimRelay`` by
  position) travelled source → R1 → R2 → ...; each hop is an edge "carried by", counting the
  claims that made it and, per outlet of their documents, how many of those claims the outlet
  published. Nodes are the sources on any edge, with their kind and the number of relayed claims
  they are part of (as source or relay). Claims without a relay chain are not in it.

The figures count everyone's claims, so in a blind project (where annotators see only their own)
only reviewers and managers read them.
"""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db.models import Case, Count, DateField, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from claims.exports.csv_export import inert_cell
from claims.models import AttributionKind, Claim, ClaimRelay, ClaimStatus, Project

NO_OUTLET = "(no outlet)"
BLIND_ANALYTICS = "in a blind project only reviewers and managers see analytics: they count everyone's claims"
DATED_BY_PUBLICATION, DATED_BY_CREATION = "published", "created"


@dataclass(frozen=True)
class SourceCount:
    source: int
    name: str
    kind: str
    claims: int


@dataclass(frozen=True)
class OutletCount:
    outlet: str
    claims: int
    documents: int


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    claims: int


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    dated_by: str  # DATED_BY_PUBLICATION or DATED_BY_CREATION
    claims: int


@dataclass(frozen=True)
class RelayNode:
    source: int
    name: str
    kind: str
    claims: int  # relayed claims it is part of, as their source or a relay


@dataclass(frozen=True)
class OutletShare:
    outlet: str
    claims: int


@dataclass
class RelayEdge:
    from_source: int
    to_source: int
    claims: int = 0
    outlets: list[OutletShare] = field(default_factory=list)  # most claims first

    @property
    def outlet_list(self) -> str:
        """The outlets in one line: "Global Times (2); Radio Free Asia (1)"."""
        return "; ".join(f"{share.outlet} ({share.claims})" for share in self.outlets)


@dataclass(frozen=True)
class RelayNetwork:
    nodes: list[RelayNode]
    edges: list[RelayEdge]

    def named_edges(self) -> list[tuple[RelayNode, RelayNode, RelayEdge]]:
        """Each edge with the nodes it joins: (from, to, edge)."""
        nodes = {node.source: node for node in self.nodes}
        return [(nodes[edge.from_source], nodes[edge.to_source], edge) for edge in self.edges]


@dataclass(frozen=True)
class Analytics:
    sources: list[SourceCount]
    outlets: list[OutletCount]
    kinds: list[KindCount]
    months: list[MonthCount]
    relays: RelayNetwork

    @property
    def approved_claims(self) -> int:
        return sum(kind.claims for kind in self.kinds)

    def as_dict(self) -> dict:
        return {**asdict(self), "approved_claims": self.approved_claims}


def approved_claims(project: Project) -> QuerySet[Claim]:
    return Claim.objects.filter(document__project=project, status=ClaimStatus.APPROVED)


def project_analytics(project: Project) -> Analytics:
    """Every figure of the project: five queries."""
    return Analytics(
        sources=claims_per_source(project),
        outlets=claims_per_outlet(project),
        kinds=claims_per_kind(project),
        months=claims_per_month(project),
        relays=relay_network(project),
    )


def claims_per_source(project: Project) -> list[SourceCount]:
    rows = (
        approved_claims(project)
        .values("source_id", "source__name", "source__kind")
        .annotate(claims=Count("pk"))
        .order_by("-claims", "source__name", "source_id")
    )
    return [
        SourceCount(row["source_id"], row["source__name"], row["source__kind"], row["claims"]) for row in rows
    ]


def claims_per_outlet(project: Project) -> list[OutletCount]:
    rows = (
        approved_claims(project)
        .values("document__outlet")
        .annotate(claims=Count("pk"), documents=Count("document_id", distinct=True))
        .order_by("-claims", "document__outlet")
    )
    return [
        OutletCount(row["document__outlet"] or NO_OUTLET, row["claims"], row["documents"]) for row in rows
    ]


def claims_per_kind(project: Project) -> list[KindCount]:
    counted = dict(approved_claims(project).values_list("kind").annotate(claims=Count("pk")).order_by())
    return [KindCount(kind.value, kind.label, counted.get(kind.value, 0)) for kind in AttributionKind]


def claims_per_month(project: Project) -> list[MonthCount]:
    rows = (
        approved_claims(project)
        .annotate(
            dated_by=Case(
                When(document__published_on__isnull=True, then=Value(DATED_BY_CREATION)),
                default=Value(DATED_BY_PUBLICATION),
            ),
            month=Coalesce(
                TruncMonth("document__published_on"), TruncMonth("created_at", output_field=DateField())
            ),
        )
        .values("month", "dated_by")
        .annotate(claims=Count("pk"))
        .order_by("month", "dated_by")
    )
    return [MonthCount(row["month"].strftime("%Y-%m"), row["dated_by"], row["claims"]) for row in rows]


def _relay_links(project: Project) -> QuerySet:
    """The relay links of the approved claims, each claim's in chain order, with the claim's
    outlet and source: (claim, outlet, source id, name, kind, relay id, name, kind)."""
    return (
        ClaimRelay.objects.filter(claim__in=approved_claims(project))
        .values_list(
            "claim_id",
            "claim__document__outlet",
            "claim__source_id",
            "claim__source__name",
            "claim__source__kind",
            "source_id",
            "source__name",
            "source__kind",
        )
        .order_by("claim_id", "position")
    )


def relay_network(project: Project) -> RelayNetwork:
    """One query reads the relay links (_relay_links); the hops are counted here, as a hop
    joins a link to the one before it in its claim, or the first link to the claim's source."""
    sources: dict[int, tuple[str, str]] = {}
    claims_through: Counter[int] = Counter()
    edges: dict[tuple[int, int], RelayEdge] = {}
    outlets: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    links, previous_claim, teller = _relay_links(project), None, None
    for claim, outlet, origin, origin_name, origin_kind, relay, relay_name, relay_kind in links:
        if claim != previous_claim:  # the chain of the next claim starts at that claim's source
            previous_claim, teller = claim, origin
            sources[origin] = (origin_name, origin_kind)
            claims_through[origin] += 1
        sources[relay] = (relay_name, relay_kind)
        claims_through[relay] += 1
        edge = edges.setdefault((teller, relay), RelayEdge(teller, relay))
        edge.claims += 1
        outlets[teller, relay][outlet or NO_OUTLET] += 1
        teller = relay
    for hop, edge in edges.items():
        shares = sorted(outlets[hop].items(), key=lambda item: (-item[1], item[0]))
        edge.outlets = [OutletShare(outlet, claims) for outlet, claims in shares]
    nodes = [RelayNode(source, *sources[source], claims) for source, claims in claims_through.items()]
    nodes.sort(key=lambda node: (-node.claims, node.name, node.source))
    names = {node.source: node.name for node in nodes}
    ordered_edges = sorted(
        edges.values(), key=lambda e: (-e.claims, names[e.from_source], names[e.to_source])
    )
    return RelayNetwork(nodes=nodes, edges=ordered_edges)


# CSV: one table a figure, a header row then a row a count ------------------------------------


def _source_rows(project: Project) -> list[tuple]:
    return [(s.source, s.name, s.kind, s.claims) for s in claims_per_source(project)]


def _outlet_rows(project: Project) -> list[tuple]:
    return [(o.outlet, o.claims, o.documents) for o in claims_per_outlet(project)]


def _kind_rows(project: Project) -> list[tuple]:
    return [(k.kind, k.label, k.claims) for k in claims_per_kind(project)]


def _month_rows(project: Project) -> list[tuple]:
    return [(m.month, m.dated_by, m.claims) for m in claims_per_month(project)]


def _relay_rows(project: Project) -> list[tuple]:
    # a hop stays one row: its outlets share a cell
    return [
        (teller.source, teller.name, carrier.source, carrier.name, edge.claims, edge.outlet_list)
        for teller, carrier, edge in relay_network(project).named_edges()
    ]


@dataclass(frozen=True)
class CsvTable:
    title: str
    columns: tuple[str, ...]
    rows: Callable[[Project], list[tuple]]


CSV_TABLES = {
    "sources": CsvTable(
        "Approved claims per source", ("source_id", "source_name", "source_kind", "claims"), _source_rows
    ),
    "outlets": CsvTable("Approved claims per outlet", ("outlet", "claims", "documents"), _outlet_rows),
    "kinds": CsvTable("Approved claims per attribution kind", ("kind", "label", "claims"), _kind_rows),
    "months": CsvTable("Approved claims per month", ("month", "dated_by", "claims"), _month_rows),
    "relays": CsvTable(
        "The relay network's hops",
        ("from_id", "from_name", "to_id", "to_name", "claims", "outlets"),
        _relay_rows,
    ),
}


def figure_csv(project: Project, figure: str) -> str:
    """One figure of CSV_TABLES as CSV text (RFC 4180 quoting, CRLF row ends), header row first:
    one query."""
    table = CSV_TABLES[figure]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    # names come from users and articles: "=HYPERLINK(…)" must stay text in a spreadsheet
    writer.writerows(
        [inert_cell(cell) if isinstance(cell, str) else cell for cell in row] for row in table.rows(project)
    )
    return buffer.getvalue()
