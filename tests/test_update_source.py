"""services.update_source cleaning up the registry: renaming an entry keeps its old name as an
alias, aliases are added and removed, and each change is one audited transaction."""

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import AuditEvent, Source, SourceAlias
from tests.factories import ProjectFactory, UserFactory
from tests.threads import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory()


def names_of(source: Source) -> list[str]:
    return sorted(SourceAlias.objects.filter(source=source).values_list("name", flat=True))


def proposed(project, name: str, kind: str = "person", **fields) -> Source:
    return services.create_source(project, name=name, kind=kind, needs_review=True, **fields)


def test_a_renamed_source_keeps_its_old_name_as_an_alias_and_the_rename_is_audited(project):
    reviewer = UserFactory()
    source = proposed(project, "Earlier this year Yin Gang")
    changed = services.update_source(
        source, name="  Yin  Gang ", kind="person", reviewed=True, actor=reviewer
    )

    assert changed
    source.refresh_from_db()
    assert (source.name, source.needs_review) == ("Yin Gang", False)
    assert names_of(source) == ["Earlier this year Yin Gang", "Yin Gang"]
    assert services.find_alias(project, "earlier this year yin gang").source == source
    event = AuditEvent.objects.get(action="source.updated")
    assert (event.actor, event.before["name"], event.after["name"]) == (
        reviewer,
        "Earlier this year Yin Gang",
        "Yin Gang",
    )
    assert event.after["aliases"] == ["Earlier this year Yin Gang"]


def test_renaming_to_one_of_its_aliases_or_another_case_takes_that_row(project):
    short = proposed(project, "RFA", kind="outlet", aliases=["Radio Free Asia"])
    services.update_source(short, name="Radio Free Asia")
    assert (Source.objects.get(pk=short.pk).name, names_of(short)) == (
        "Radio Free Asia",
        ["RFA", "Radio Free Asia"],
    )

    police = proposed(project, "police", kind="group")
    services.update_source(police, name="Police")
    assert (Source.objects.get(pk=police.pk).name, names_of(police)) == ("Police", ["Police"])


@pytest.mark.parametrize(
    ("new_name", "message"),
    [
        ("OFFICIALS", "a source named 'Officials' already exists in this project"),
        (
            "the officials",
            "a source named 'Officials' already exists in this project with the alias 'The officials'",
        ),
        ("   ", "a source's name must contain visible characters"),
    ],
)
def test_a_rename_to_a_name_taken_or_blank_is_refused_under_name_storing_nothing(project, new_name, message):
    services.create_source(project, name="Officials", kind="group", aliases=["The officials"])
    source = proposed(project, "If")
    with pytest.raises(ValidationError) as error:
        services.update_source(source, name=new_name, aliases=["Someone"], reviewed=True)
    assert error.value.message_dict == {"name": [message]}
    source.refresh_from_db()
    assert (source.name, source.needs_review, names_of(source)) == ("If", True, ["If"])
    assert not AuditEvent.objects.filter(action="source.updated").exists()


def test_a_junk_name_is_renamed_and_dropped_in_one_change(project):
    source = proposed(project, "Police in Arishan (in Chinese", kind="group")
    services.update_source(source, name="Police in Arishan", remove_aliases=["police in arishan (in chinese"])
    assert names_of(source) == ["Police in Arishan"]
    assert services.find_alias(project, "Police in Arishan (in Chinese") is None
    assert AuditEvent.objects.get(action="source.updated").after["aliases"] == []


def test_aliases_are_added_and_removed(project):
    source = services.create_source(project, name="Radio Free Asia", kind="outlet", aliases=["RFA", "R.F.A."])
    services.update_source(source, aliases=["RFA Mandarin", "rfa mandarin"], remove_aliases=["r.f.a."])
    assert names_of(source) == ["RFA", "RFA Mandarin", "Radio Free Asia"]


@pytest.mark.parametrize(
    ("removed", "message"),
    [
        ("radio free asia", "'radio free asia' is the source's name: rename the source before removing it"),
        ("VOA", "'VOA' is not an alias of 'Radio Free Asia'"),
    ],
)
def test_removing_the_name_or_a_name_it_does_not_have_is_refused(project, removed, message):
    source = services.create_source(project, name="Radio Free Asia", kind="outlet", aliases=["RFA"])
    services.create_source(project, name="Voice of America", kind="outlet", aliases=["VOA"])
    with pytest.raises(ValidationError) as error:
        services.update_source(source, remove_aliases=["RFA", removed])
    assert error.value.message_dict == {"remove_aliases": [message]}
    assert names_of(source) == ["RFA", "Radio Free Asia"]


def test_names_repeated_in_another_case_are_filed_once(project):
    source = services.create_source(project, name="RFA", kind="outlet", aliases=["rfa", "R.F.A.", "r.f.a."])
    assert names_of(source) == ["R.F.A.", "RFA"]


# Affiliation: cleared on request, never in a cycle ---------------------------------------


def affiliations(*sources: Source) -> list[str | None]:
    """Each source's affiliation as stored, by name."""
    stored = Source.objects.select_related("affiliation").in_bulk([source.pk for source in sources])
    return [getattr(stored[source.pk].affiliation, "name", None) for source in sources]


@pytest.fixture
def chain(project):
    """Liu Huaming → Fangchenggang bureau → Ministry of Public Security (each affiliated with
    the next)."""
    ministry = services.create_source(project, name="Ministry of Public Security", kind="organisation")
    bureau = services.create_source(
        project, name="Fangchenggang bureau", kind="organisation", affiliation=ministry
    )
    liu = services.create_source(project, name="Liu Huaming", kind="person", affiliation=bureau)
    return liu, bureau, ministry


def test_clear_affiliation_removes_it_in_an_audited_change(chain):
    liu, _, _ = chain
    reviewer = UserFactory()
    assert services.update_source(liu, clear_affiliation=True, actor=reviewer)
    assert affiliations(liu) == [None]
    event = AuditEvent.objects.get(action="source.updated", target_id=liu.pk)
    assert (event.actor, event.before["affiliation"], event.after["affiliation"]) == (
        reviewer,
        "Fangchenggang bureau",
        None,
    )


def test_clearing_an_affiliation_there_is_not_changes_nothing(chain):
    _, _, ministry = chain
    assert not services.update_source(ministry, clear_affiliation=True)
    assert not AuditEvent.objects.filter(action="source.updated").exists()


def test_affiliation_none_leaves_the_affiliation_as_it_is(chain):
    liu, _, _ = chain
    services.update_source(liu, description="deputy head", affiliation=None)
    assert affiliations(liu) == ["Fangchenggang bureau"]


def test_an_affiliation_given_and_cleared_at_once_is_refused(chain):
    liu, _, ministry = chain
    with pytest.raises(ValidationError) as error:
        services.update_source(liu, affiliation=ministry, clear_affiliation=True)
    assert error.value.message_dict == {"affiliation": ["give an affiliation or clear it, not both"]}
    assert affiliations(liu) == ["Fangchenggang bureau"]


@pytest.mark.parametrize(
    ("changed", "to", "message"),
    [
        (
            "bureau",
            "liu",
            "affiliating 'Fangchenggang bureau' with 'Liu Huaming' would make a cycle: "
            "Fangchenggang bureau → Liu Huaming → Fangchenggang bureau",
        ),
        (
            "ministry",
            "liu",
            "affiliating 'Ministry of Public Security' with 'Liu Huaming' would make a cycle: "
            "Ministry of Public Security → Liu Huaming → Fangchenggang bureau → Ministry of Public Security",
        ),
        ("liu", "liu", "a source cannot be affiliated with itself"),
    ],
)
def test_an_affiliation_making_a_cycle_is_refused_storing_nothing(chain, changed, to, message):
    sources = dict(zip(["liu", "bureau", "ministry"], chain, strict=True))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.update_source(sources[changed], affiliation=sources[to], aliases=["Another"], reviewed=True)
    assert error.value.message_dict == {"affiliation": [message]}
    assert affiliations(*chain) == ["Fangchenggang bureau", "Ministry of Public Security", None]
    assert not SourceAlias.objects.filter(name="Another").exists()
    assert AuditEvent.objects.count() == events


def test_a_cycle_is_named_by_the_new_name_of_a_source_renamed_in_the_same_change(chain):
    liu, bureau, _ = chain
    with pytest.raises(ValidationError) as error:
        services.update_source(bureau, name="Border police", affiliation=liu)
    assert error.value.message_dict["affiliation"] == [
        "affiliating 'Border police' with 'Liu Huaming' would make a cycle: "
        "Border police → Liu Huaming → Border police"
    ]
    # the rename went with the refused affiliation
    assert names_of(bureau) == ["Fangchenggang bureau"]
    assert Source.objects.get(pk=bureau.pk).name == "Fangchenggang bureau"


def test_an_affiliation_elsewhere_in_the_chain_is_no_cycle(chain):
    liu, bureau, ministry = chain
    other = services.create_source(bureau.project, name="Xinhua", kind="outlet")
    assert services.update_source(ministry, affiliation=other)  # the top of the chain goes higher
    assert services.update_source(liu, affiliation=ministry)  # a link skipped, not looped
    assert affiliations(liu, bureau, ministry) == [
        "Ministry of Public Security",
        "Ministry of Public Security",
        "Xinhua",
    ]


def test_the_cycle_check_costs_a_query_a_link_of_the_chain(chain, django_assert_num_queries):
    liu, _, _ = chain
    top = services.create_source(liu.project, name="State Council", kind="organisation")
    # the project's lock, then one query for each source from the new affiliation up: Liu,
    # the bureau, the ministry (the top of the chain)
    with django_assert_num_queries(4) as queries:
        services._checked_affiliation(top, liu, clear=False)
    assert sum('FROM "claims_source"' in query["sql"] for query in queries.captured_queries) == 3


def test_an_affiliation_of_another_project_is_refused(chain):
    liu, _, _ = chain
    foreign = services.create_source(
        ProjectFactory(), name="Ministry of Foreign Affairs", kind="organisation"
    )
    with pytest.raises(ValidationError) as error:
        services.update_source(liu, affiliation=foreign)
    assert error.value.message_dict == {
        "affiliation": ["the affiliation must be a source of the same project"]
    }
    assert affiliations(liu) == ["Fangchenggang bureau"]


@pytest.mark.django_db(transaction=True)
def test_of_two_affiliations_made_at_once_that_close_a_cycle_one_is_refused():
    """A → B and B → A at the same moment, each on its own connection: each alone is fine, both
    would be a cycle. The project's lock makes the second see the first's link."""
    project = ProjectFactory()
    first = services.create_source(project, name="A", kind="person")
    second = services.create_source(project, name="B", kind="person")
    outcomes = at_once(
        lambda: services.update_source(first, affiliation=second),
        lambda: services.update_source(second, affiliation=first),
        caught=(ValidationError,),
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["ValidationError", "bool"]
    refused = next(outcome for outcome in outcomes if isinstance(outcome, ValidationError))
    assert "would make a cycle" in refused.message_dict["affiliation"][0]
    assert affiliations(first, second).count(None) == 1  # the first's link, not the second's
