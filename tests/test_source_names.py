"""Registry names are one name however they are typed: Unicode NFC, invisible characters at
the edges of words dropped, and case ignored beyond ASCII on SQLite as on PostgreSQL."""

import json
import os
import subprocess
import sys
import unicodedata

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Source, SourceAlias
from claims.sqlite_functions import unicode_lower
from tests.factories import ProjectFactory

COMPOSED = "José Pérez"
DECOMPOSED = "Jose\u0301 Pe\u0301rez"


@pytest.fixture
def project(db):
    return ProjectFactory()


def names_of(source: Source) -> list[str]:
    return sorted(SourceAlias.objects.filter(source=source).values_list("name", flat=True))


def test_the_two_spellings_differ_only_in_normal_form():
    assert DECOMPOSED != COMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED


def test_a_decomposed_name_is_stored_composed(project):
    source = services.create_source(project, name=DECOMPOSED, kind="person", aliases=["Pe\u0301rez"])
    assert (source.name, names_of(source)) == (COMPOSED, [COMPOSED, "Pérez"])


@pytest.mark.parametrize(("first", "second"), [(COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED)])
def test_the_same_name_in_the_other_normal_form_is_refused(project, first, second):
    services.create_source(project, name=first, kind="person")
    with pytest.raises(ValidationError) as error:
        services.create_source(project, name=second, kind="person")
    assert error.value.message_dict == {
        "name": [f"a source named {COMPOSED!r} already exists in this project"]
    }
    assert Source.objects.filter(project=project).count() == 1


def test_an_alias_in_the_other_normal_form_is_refused(project):
    services.create_source(project, name=COMPOSED, kind="person")
    with pytest.raises(ValidationError) as error:
        services.create_source(project, name="Someone", kind="person", aliases=[DECOMPOSED])
    assert "already names source" in str(error.value.message_dict["aliases"])


def test_a_decomposed_query_finds_the_composed_name(project):
    source = services.create_source(project, name=COMPOSED, kind="person")
    assert services.find_alias(project, DECOMPOSED).source == source
    assert services.find_alias(project, DECOMPOSED.upper()).source == source
    assert services.fold_name(DECOMPOSED) == services.fold_name(COMPOSED)


def test_a_registry_entry_spelled_decomposed_updates_the_composed_source(project):
    source = services.create_source(project, name=COMPOSED, kind="person")
    load = services.load_registry(project, [{"name": DECOMPOSED, "kind": "person", "aliases": ["Pepe"]}])
    assert (load.created, load.updated) == (0, 1)
    assert names_of(source) == [COMPOSED, "Pepe"]


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\ufeff", "\u200b \u2060", "\u00ad", "\u200e\u200f", "\u3164", "\ufe0f", " \t\u200d "],
)
def test_a_name_of_nothing_visible_is_refused_under_name(project, invisible):
    with pytest.raises(ValidationError) as error:
        services.create_source(project, name=invisible, kind="person")
    assert error.value.message_dict == {"name": ["a source's name must contain visible characters"]}
    assert not Source.objects.exists()


def test_an_alias_of_nothing_visible_is_refused_under_aliases(project):
    with pytest.raises(ValidationError) as error:
        services.create_source(project, name="Xinhua", kind="outlet", aliases=["\ufeff\u200b"])
    assert error.value.message_dict == {"aliases": ["an alias must contain visible characters"]}
    assert not Source.objects.exists()


def test_a_rename_to_nothing_visible_is_refused(project):
    source = services.create_source(project, name="Xinhua", kind="outlet")
    with pytest.raises(ValidationError) as error:
        services.update_source(source, name="\u200b")
    assert error.value.message_dict == {"name": ["a source's name must contain visible characters"]}


def test_invisible_characters_around_words_are_dropped_like_spaces(project):
    source = services.create_source(project, name="\ufeffXinhua\u200b News\u2060 Agency\u200e", kind="outlet")
    assert source.name == "Xinhua News Agency"
    with pytest.raises(ValidationError):
        services.create_source(project, name="\u200bXinhua News Agency", kind="outlet")
    assert services.find_alias(project, "Xinhua\u200b News Agency").source == source


def test_a_joiner_inside_a_word_is_kept(project):
    # the zero-width non-joiner changes how the Persian word is written: it is part of the name
    name = "می\u200cخواهم"
    assert services.create_source(project, name=name, kind="person").name == name


def test_names_differing_only_in_non_ascii_case_are_one_name(project):
    # the database's lower() decides here (the unique index): on SQLite that is claims.sqlite_functions
    source = services.create_source(project, name="Ärzte Zeitung", kind="outlet")
    with pytest.raises(ValidationError):
        services.create_source(project, name="ärzte zeitung", kind="outlet")
    assert services.find_alias(project, "ÄRZTE ZEITUNG").source == source


def test_unicode_lower_lowers_every_cased_letter_and_keeps_null():
    assert unicode_lower("ÄRZTE ΣΟΦΙΑ Ĳssel") == "ärzte σοφια ĳssel"
    assert unicode_lower(None) is None
    assert unicode_lower(12) == "12"


# The suite runs on PostgreSQL; SQLite, the quickstart's database, is checked in a fresh file of
# its own, migrated and used in a child process (Django's test database is the other one).
SQLITE_CHECK = """
import json, sqlite3, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from claims import services
from claims.api.filters import SourceFilter
from claims.models import Source, SourceAlias
from claims.pages.sources import RegistryFilters, registry_sources

def outcome(action):
    try:
        with transaction.atomic():
            action()
    except Exception as error:
        return type(error).__name__
    return "accepted"

def found(project, name, source):
    return getattr(services.find_alias(project, name), "source_id", None) == source.pk

result = {}
project, _ = services.ensure_project("service")
source = services.create_source(project, name="Ärzte Zeitung", kind="outlet")
result["found"] = found(project, "ÄRZTE ZEITUNG", source)
result["service"] = outcome(lambda: services.create_source(project, name="ärzte zeitung", kind="outlet"))
for name in ["Bund der Ärzte", "Ärzte"]:
    services.create_source(project, name=name, kind="outlet")
services.create_source(project, name="José Pérez", kind="person")
searched = SourceFilter({"q": "ärzte"}, queryset=Source.objects.filter(project=project)).qs
result["search"] = [source.name for source in searched]
staff = get_user_model().objects.create_user("staff", is_staff=True, is_superuser=True)
listed = RegistryFilters({"q": "ÄRZTE"}).filter(registry_sources(project, staff))
result["page search"] = [source.name for source in listed]
decomposed = RegistryFilters({"q": "jose\u0301"}).filter(registry_sources(project, staff))
result["decomposed"] = [source.name for source in decomposed]

project, _ = services.ensure_project("index")  # past the service's check: the unique index itself
source = services.create_source(project, name="Ärzte Zeitung", kind="outlet")
result["index"] = outcome(lambda: SourceAlias.objects.create(project=project, source=source, name="ärzte zeitung"))
with connection.cursor() as cursor:
    sql = "EXPLAIN QUERY PLAN SELECT id FROM claims_sourcealias WHERE project_id = %s AND lower(name) = %s"
    cursor.execute(sql, [project.pk, "x"])
    result["plan"] = " ".join(str(row[-1]) for row in cursor.fetchall())

# A row written with the built-in LOWER(), as every row was before: migrate rebuilds its key.
project, _ = services.ensure_project("older")
source = services.create_source(project, name="Xinhua", kind="outlet")
def insert_as_before(name):
    with sqlite3.connect(sys.argv[1]) as plain:
        plain.execute(
            "INSERT INTO claims_sourcealias (project_id, source_id, name) VALUES (?, ?, ?)",
            [project.pk, source.pk, name],
        )
insert_as_before("Öffentlich")
result["stale"] = found(project, "Öffentlich", source)
call_command("migrate", verbosity=0)
result["rebuilt"] = found(project, "Öffentlich", source)
insert_as_before("ÖFFENTLICH")  # the built-in files it apart from the rebuilt "öffentlich"
try:
    call_command("migrate", verbosity=0)
    result["collision"] = "accepted"
except IntegrityError as error:
    result["collision"] = str(error)
print(json.dumps(result))
"""


def test_on_sqlite_case_is_ignored_beyond_ascii(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "x",
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("manage.py", "migrate", "--no-input", "-v", "0")
    result = json.loads(run("-c", SQLITE_CHECK, str(database)).strip().splitlines()[-1])
    assert result["found"]
    assert result["service"] == "ValidationError"
    assert result["index"] == "IntegrityError"
    assert result["search"] == ["Ärzte", "Ärzte Zeitung", "Bund der Ärzte"]  # exact, starting, containing
    assert result["page search"] == result["search"]
    assert result["decomposed"] == ["José Pérez"]
    assert "USING INDEX alias_unique_ignoring_case_per_project" in result["plan"]
    assert (result["stale"], result["rebuilt"]) == (False, True)
    assert "differ only in case (project 3: 'Öffentlich' / 'ÖFFENTLICH')" in result["collision"]
