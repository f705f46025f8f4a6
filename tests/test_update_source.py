"""services.update_source cleaning up the registry: renaming an entry keeps its old name as an
alias, aliases are added and removed, and each change is one audited transaction."""

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import AuditEvent, Source, SourceAlias
from tests.factories import ProjectFactory, UserFactory

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
        ("   ", "a source's name must not be blank"),
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
