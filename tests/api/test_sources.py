from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import AuditEvent, Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def add_alias(source, name):
    source.aliases.create(project=source.project, name=name)


def test_search_matches_names_and_aliases_ignoring_case_best_first(team, api):
    rfa = SourceFactory(project=team.project, name="Radio Free Asia")
    add_alias(rfa, "RFA")
    SourceFactory(project=team.project, name="RFA listener")
    SourceFactory(project=team.project, name="Friend of an RFA caller")
    SourceFactory(project=team.project, name="Voice of America")
    response = api(team.annotator).get("/api/sources/", {"q": "rfa", "project": team.project.pk})
    names = [s["name"] for s in response.json()["results"]]
    assert names == ["Radio Free Asia", "RFA listener", "Friend of an RFA caller"]
    assert response.json()["results"][0]["aliases"] == ["RFA"]


def test_search_ignores_the_case_of_letters_beyond_ascii(team, api):
    for name in ["Bund der Ärzte", "Ärzte Zeitung", "Ärzte"]:
        SourceFactory(project=team.project, name=name)
    SourceFactory(project=team.project, name="Arzt")
    response = api(team.annotator).get("/api/sources/", {"q": "ärzte", "project": team.project.pk})
    # the exact name, then the one starting with it, then the one containing it
    assert [s["name"] for s in response.json()["results"]] == ["Ärzte", "Ärzte Zeitung", "Bund der Ärzte"]


def test_a_decomposed_query_finds_the_name_stored_composed(team, api):
    SourceFactory(project=team.project, name="José Pérez")
    SourceFactory(project=team.project, name="Jose Perez")
    response = api(team.annotator).get(
        "/api/sources/", {"q": "\u200bJose\u0301 ", "project": team.project.pk}
    )
    assert [s["name"] for s in response.json()["results"]] == ["José Pérez"]


def test_sources_of_other_projects_stay_hidden(team, api):
    hidden = SourceFactory(name="Officials")
    response = api(team.annotator).get("/api/sources/", {"q": "officials"})
    assert [s["id"] for s in response.json()["results"]] == [team.officials.pk]
    assert api(team.annotator).get(f"/api/sources/{hidden.pk}/").status_code == 404


def test_annotator_creates_a_source_inline(team, api):
    body = {
        "project": team.project.pk,
        "name": "Li Wei",
        "kind": "person",
        "aliases": ["Wei Li"],
        "affiliation": team.global_times.pk,
        "description": "Expert at CICIR",
    }
    response = api(team.annotator).post("/api/sources/", body, format="json")
    assert response.status_code == 201
    created = response.json()
    assert (created["name"], created["aliases"], created["affiliation"]) == (
        "Li Wei",
        ["Wei Li"],
        team.global_times.pk,
    )
    assert AuditEvent.objects.filter(action="source.created", actor=team.annotator).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "OFFICIALS"}, "name", "a source named 'Officials' already exists in this project"),
        ({"aliases": ["global times"]}, "aliases", "already names source 'Global Times'"),
        ({"kind": "celebrity"}, "kind", "not a valid choice"),
        ({"project": 999999}, "project", "does not exist"),
        ({"affiliation": 999999}, "affiliation", "does not exist"),
        ({"name": ""}, "name", "blank"),
        ({"name": "\u200b\ufeff"}, "name", "a source's name must contain visible characters"),
        ({"aliases": ["\u2060"]}, "aliases", "an alias must contain visible characters"),
        ({"name": "Global\u200b Times"}, "name", "a source named 'Global Times' already exists"),
        ({"trust": 5}, "trust", "not a field"),
    ],
)
def test_bad_source_is_refused_naming_the_field(team, api, changes, field, message):
    body = {"project": team.project.pk, "name": "Li Wei", "kind": "person", **changes}
    before = Source.objects.count()
    response = api(team.annotator).post("/api/sources/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Source.objects.count() == before


def test_a_name_typed_decomposed_is_stored_composed_and_then_taken_in_either_form(team, api):
    body = {"project": team.project.pk, "name": "Jose\u0301 Pe\u0301rez", "kind": "person"}
    created = api(team.annotator).post("/api/sources/", body, format="json")
    assert (created.status_code, created.json()["name"]) == (201, "José Pérez")
    again = api(team.annotator).post("/api/sources/", {**body, "name": "José Pérez"}, format="json")
    assert again.status_code == 400
    assert "already exists" in str(again.json()["name"])


def test_a_source_of_another_project_is_not_a_valid_project_for_a_member(team, api):
    foreign = SourceFactory()
    body = {"project": foreign.project_id, "name": "Li Wei", "kind": "person"}
    response = api(team.annotator).post("/api/sources/", body)
    assert response.status_code == 400 and "project" in response.json()


def test_reviewer_edits_a_source_and_annotator_may_not(team, api):
    url = f"/api/sources/{team.global_times.pk}/"
    assert api(team.annotator).patch(url, {"aliases": ["GT"]}, format="json").status_code == 403
    response = api(team.reviewer).patch(
        url, {"aliases": ["GT"], "description": "Chinese tabloid"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["aliases"] == ["GT"] and response.json()["description"] == "Chinese tabloid"


def test_reviewer_renames_a_proposed_source_keeping_its_old_name_as_an_alias(team, api):
    junk = SourceFactory(
        project=team.project, name="Earlier this year Yin Gang", kind="group", needs_review=True
    )
    url = f"/api/sources/{junk.pk}/"
    response = api(team.reviewer).patch(url, {"name": "Yin Gang", "kind": "person"}, format="json")
    assert response.status_code == 200
    renamed = response.json()
    assert (renamed["name"], renamed["kind"], renamed["aliases"], renamed["needs_review"]) == (
        "Yin Gang",
        "person",
        ["Earlier this year Yin Gang"],
        False,
    )
    response = api(team.reviewer).patch(
        url, {"remove_aliases": ["Earlier this year Yin Gang"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["aliases"] == []


def test_a_rename_to_another_sources_name_is_refused_under_name(team, api):
    url = f"/api/sources/{team.global_times.pk}/"
    response = api(team.reviewer).patch(url, {"name": "officials"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["a source named 'Officials' already exists in this project"]}
    assert Source.objects.get(pk=team.global_times.pk).name == "Global Times"


def test_source_in_use_cannot_be_deleted(team, api):
    ClaimFactory(document=team.document, source=team.officials)
    response = api(team.manager).delete(f"/api/sources/{team.officials.pk}/")
    assert response.status_code == 409 and "used by claims" in response.json()["detail"]
    assert Source.objects.filter(pk=team.officials.pk).exists()
    assert not AuditEvent.objects.filter(action="source.deleted").exists()


def test_manager_deletes_an_unused_source_and_others_may_not(team, api):
    url = f"/api/sources/{team.global_times.pk}/"
    assert api(team.reviewer).delete(url).status_code == 403
    assert api(team.manager).delete(url).status_code == 204
    assert not Source.objects.filter(pk=team.global_times.pk).exists()


def test_source_list_queries_do_not_grow_with_page_size(team, api):
    for n in range(30):
        add_alias(SourceFactory(project=team.project), f"alias {n}")
    client = api(team.annotator)
    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/api/sources/", {"page_size": size}).json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_reviewer_merges_a_proposed_entry_into_the_registry_entry(team, api):
    short = SourceFactory(project=team.project, name="GT", needs_review=True)
    claim = ClaimFactory(document=team.document, source=short)
    response = api(team.reviewer).post(f"/api/sources/{short.pk}/merge/", {"into": team.global_times.pk})
    assert response.status_code == 200
    kept = response.json()
    assert (kept["id"], kept["name"], kept["aliases"]) == (team.global_times.pk, "Global Times", ["GT"])
    claim.refresh_from_db()
    assert claim.source == team.global_times
    assert AuditEvent.objects.filter(action="source.merged", actor=team.reviewer).exists()


@pytest.mark.parametrize(
    ("into", "field", "message"),
    [
        ("self", "into", "cannot be merged into itself"),
        (999999, "into", "does not exist"),
        ("other project", "into", "does not exist"),
        (None, "into", "may not be null"),
        ("GT", "into", "must be a JSON integer, not str"),
        (4.5, "into", "must be a JSON integer, not float"),
    ],
)
def test_a_bad_merge_is_refused_naming_the_field(team, api, into, field, message):
    short = SourceFactory(project=team.project, name="GT")
    into = {"self": short.pk, "other project": SourceFactory().pk}.get(into, into)
    response = api(team.reviewer).post(f"/api/sources/{short.pk}/merge/", {"into": into}, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Source.objects.filter(pk=short.pk).exists()


def test_annotators_may_not_merge(team, api):
    short = SourceFactory(project=team.project, name="GT")
    response = api(team.annotator).post(f"/api/sources/{short.pk}/merge/", {"into": team.global_times.pk})
    assert response.status_code == 403
    assert Source.objects.filter(pk=short.pk).exists()


# Affiliation: null clears it; a cycle is refused -----------------------------------------


def chain_of(team, *names: str) -> list[Source]:
    """Sources of the team's project named so, each affiliated with the next ("Li Wei",
    "CICIR", "State Council": Li Wei → CICIR → State Council)."""
    sources = [SourceFactory(project=team.project, name=name, kind="person") for name in names]
    for source, above in pairwise(sources):
        Source.objects.filter(pk=source.pk).update(affiliation=above)
    return sources


def stored_affiliations(sources) -> list[int | None]:
    return [Source.objects.get(pk=source.pk).affiliation_id for source in sources]


def test_null_clears_the_affiliation_and_the_change_is_audited(team, api):
    li_wei, cicir = chain_of(team, "Li Wei", "CICIR")
    response = api(team.reviewer).patch(f"/api/sources/{li_wei.pk}/", {"affiliation": None}, format="json")
    assert response.status_code == 200
    assert response.json()["affiliation"] is None
    assert stored_affiliations([li_wei, cicir]) == [None, None]
    event = AuditEvent.objects.get(action="source.updated", target_id=li_wei.pk)
    assert (event.actor, event.before["affiliation"], event.after["affiliation"]) == (
        team.reviewer,
        "CICIR",
        None,
    )


def test_leaving_affiliation_out_keeps_it(team, api):
    li_wei, cicir = chain_of(team, "Li Wei", "CICIR")
    response = api(team.reviewer).patch(
        f"/api/sources/{li_wei.pk}/", {"description": "expert"}, format="json"
    )
    assert response.status_code == 200 and response.json()["affiliation"] == cicir.pk
    assert stored_affiliations([li_wei]) == [cicir.pk]


def test_a_reviewer_sets_an_affiliation(team, api):
    response = api(team.reviewer).patch(
        f"/api/sources/{team.officials.pk}/", {"affiliation": team.global_times.pk}, format="json"
    )
    assert response.status_code == 200 and response.json()["affiliation"] == team.global_times.pk
    assert AuditEvent.objects.get(action="source.updated").after["affiliation"] == "Global Times"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            ["A", "B"],
            "affiliating 'B' with 'A' would make a cycle: B → A → B",
        ),
        (
            ["A", "B", "C"],
            "affiliating 'C' with 'A' would make a cycle: C → A → B → C",
        ),
    ],
)
def test_an_affiliation_closing_a_cycle_is_refused_naming_the_field(team, api, names, message):
    """The top of the chain affiliated with its bottom: A → B (→ C) → A."""
    chain = chain_of(team, *names)
    before = stored_affiliations(chain)
    events = AuditEvent.objects.count()
    body = {"affiliation": chain[0].pk, "aliases": ["Top"], "description": "the top"}
    response = api(team.reviewer).patch(f"/api/sources/{chain[-1].pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"affiliation": [message]}
    assert stored_affiliations(chain) == before
    top = Source.objects.get(pk=chain[-1].pk)
    assert (top.description, top.aliases.filter(name="Top").exists()) == ("", False)
    assert AuditEvent.objects.count() == events


def test_a_refused_cycle_takes_the_rename_of_the_same_request_with_it(team, api):
    """The rename is written (its alias row) before the affiliation is checked: the refusal
    rolls it back, so nothing of the request is stored."""
    chain = chain_of(team, "A", "B")
    body = {"affiliation": chain[0].pk, "name": "Top"}
    response = api(team.reviewer).patch(f"/api/sources/{chain[-1].pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "affiliation": ["affiliating 'Top' with 'A' would make a cycle: Top → A → Top"]
    }
    assert Source.objects.get(pk=chain[-1].pk).name == "B"
    assert not Source.objects.filter(aliases__name="Top").exists()
    assert stored_affiliations(chain) == [chain[1].pk, None]
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("affiliation", "message"),
    [
        ("self", "a source cannot be affiliated with itself"),
        ("other project", "does not exist"),
        (999999, "does not exist"),
    ],
)
def test_a_bad_affiliation_is_refused_naming_the_field(team, api, affiliation, message):
    url = f"/api/sources/{team.officials.pk}/"
    value = {"self": team.officials.pk, "other project": SourceFactory().pk}.get(affiliation, affiliation)
    response = api(team.reviewer).patch(url, {"affiliation": value}, format="json")
    assert response.status_code == 400
    assert message in str(response.json()["affiliation"])
    assert stored_affiliations([team.officials]) == [None]


def test_annotators_may_not_clear_an_affiliation(team, api):
    li_wei, cicir = chain_of(team, "Li Wei", "CICIR")
    response = api(team.annotator).patch(f"/api/sources/{li_wei.pk}/", {"affiliation": None}, format="json")
    assert response.status_code == 403
    assert stored_affiliations([li_wei]) == [cicir.pk]
