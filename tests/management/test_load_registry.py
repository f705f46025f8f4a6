import json

import pytest
from django.conf import settings
from django.core.management import CommandError

from claims.models import AuditEvent, Source, SourceAlias, SourceKind
from tests.management.helpers import run

pytestmark = pytest.mark.django_db

REGISTRY = settings.BASE_DIR / "fixtures" / "sources.json"

REQUIRED = {
    "Global Times": SourceKind.OUTLET,
    "Radio Free Asia": SourceKind.OUTLET,
    "Voice of America": SourceKind.OUTLET,
    "ANI": SourceKind.OUTLET,
    "IBTimes": SourceKind.OUTLET,
    "China Topix": SourceKind.OUTLET,
    "Asian Lite News": SourceKind.OUTLET,
    "China Daily": SourceKind.OUTLET,
    "indianarrative.com": SourceKind.OUTLET,
    "NL Times": SourceKind.OUTLET,
    "Ministry of Public Security": SourceKind.ORGANISATION,
    "China Institute of Contemporary International Relations": SourceKind.ORGANISATION,
    "United Nations": SourceKind.ORGANISATION,
    "Liu Huaming": SourceKind.PERSON,
    "Pan Zhiping": SourceKind.PERSON,
    "Yin Gang": SourceKind.PERSON,
    "Li Wei": SourceKind.PERSON,
    "Geng Shuang": SourceKind.PERSON,
    "Sirajuddin Haqqani": SourceKind.PERSON,
    "Ned Price": SourceKind.PERSON,
    "Rushan Abbas": SourceKind.PERSON,
}


def source_named(name: str) -> Source:
    return SourceAlias.objects.get(project__slug="seeds", name__iexact=name).source


def test_seed_registry_holds_every_required_source_with_its_kind():
    out, _ = run("load_registry", str(REGISTRY), project="seeds")
    assert {name: source_named(name).kind for name in REQUIRED} == REQUIRED
    count = len(json.loads(REGISTRY.read_text())["sources"])
    assert Source.objects.count() == count
    assert f"{count} sources created, 0 updated, 0 unchanged" in out


def test_seed_registry_aliases_and_affiliations():
    run("load_registry", str(REGISTRY), project="seeds")
    assert source_named("RFA") == source_named("rfa's mandarin service") == source_named("Radio Free Asia")
    assert source_named("VOA").name == "Voice of America"
    assert source_named("China's Global Times").name == "Global Times"
    assert source_named("Liu Huaming").affiliation.name == "Fangchenggang Public Security Bureau"
    assert source_named("Li Wei").affiliation == source_named("CICIR")
    assert source_named(
        "an official from the Criminal Investigation Department at the Ministry of Public Security"
    ).kind == (SourceKind.ANONYMOUS)


def test_loading_the_registry_again_changes_nothing():
    run("load_registry", str(REGISTRY), project="seeds")
    events = AuditEvent.objects.count()
    out, _ = run("load_registry", str(REGISTRY), project="seeds")
    assert "0 sources created, 0 updated" in out
    assert AuditEvent.objects.count() == events


def test_registry_update_adds_aliases_and_is_audited(tmp_path):
    path = tmp_path / "registry.json"
    entry = {"name": "Radio Free Asia", "kind": "outlet", "aliases": ["RFA"], "affiliation": None}
    path.write_text(json.dumps({"format": "source-registry", "version": 1, "sources": [entry]}))
    run("load_registry", str(path), project="demo")
    entry["aliases"].append("Radio Free Asia Mandarin")
    path.write_text(json.dumps({"format": "source-registry", "version": 1, "sources": [entry]}))
    out, _ = run("load_registry", str(path), project="demo")
    assert "0 sources created, 1 updated, 0 unchanged" in out
    event = AuditEvent.objects.get(action="source.updated")
    assert event.before["aliases"] == ["RFA"]
    assert event.after["aliases"] == ["RFA", "Radio Free Asia Mandarin"]


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([{"name": "X", "kind": "celebrity"}], "unknown kind 'celebrity'"),
        ([{"name": "A", "kind": "outlet", "aliases": ["B"]}, {"name": "b", "kind": "person"}], "names both"),
        # apostrophe style and spacing do not make another name, as find_alias reads names
        (
            [{"name": "RFA’s  Service", "kind": "outlet"}, {"name": "rfa's service", "kind": "outlet"}],
            "names both",
        ),
        ([{"name": "A", "kind": "person", "affiliation": "Nowhere"}], "unknown source 'Nowhere'"),
        (
            [
                {"name": "A", "kind": "person", "affiliation": "B"},
                {"name": "B", "kind": "person", "affiliation": "A"},
            ],
            "cycle",
        ),
    ],
)
def test_bad_registry_is_refused_whole(tmp_path, sources, message):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps({"format": "source-registry", "version": 1, "sources": sources}))
    with pytest.raises(CommandError, match=message):
        run("load_registry", str(path), project="demo")
    assert not Source.objects.exists()


def test_file_that_is_not_a_registry_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"format": "claims-export"}')
    with pytest.raises(CommandError, match="is not a 'source-registry' file"):
        run("load_registry", str(path), project="demo")
    path.write_text("{not json")
    with pytest.raises(CommandError, match="cannot read"):
        run("load_registry", str(path), project="demo")
