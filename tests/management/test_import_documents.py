import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError

from claims.models import AuditEvent, Document, Project
from tests.factories import ProjectFactory, SourceFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "seeds"

SEED_TITLES = {
    "Beijing Cracks Down on Chinese Leaving to Join Jihadist Groups Abroad": "China Topix",
    "Xinjiang's Uighur Muslims Receiving 'Terrorist Training' From Isis Fighters for Attacks in China": "IBTimes",
    "China putting pressure on Haqqani to extradite Uyghur militants": "Asian Lite News",
    "China Justifies Uyghur Strategy": "Asian Lite News",
    "Paris being rocked by protest against China’s Uyghur repression": "Asian Lite News",
    "US lawmakers form bipartisan Caucus to address Uyghur plight": "Asian Lite News",
    "Netherlands’s Arnhem cuts ties with Wuhan over Uyghur genocide": "Asian Lite News",
    "US Senate passes bill to ban goods from China’s Xinjiang": "Asian Lite News",
    "China Fear Revival of Turkistan Islamic Movement Amid US Troop Pull Out": "Asian Lite News",
    "Protest outside Chinese embassy in London": "Asian Lite News",
    "Blinken meets Uyghur internment camp survivors": "Asian Lite News",
    "China’s Uyghur Persecution Reaches Nearly 30 Countries": "Asian Lite News",
    "Dozens of Ethnic Kazakhs Detained Amid Security Crackdown in China's Xinjiang": "RFA's Mandarin Service",
    "China Jails Ethnic Kazakh Man For 'Helping Others Emigrate to Kazakhstan'": "RFA's Mandarin Service",
}

FURNITURE = ["Like Us on Facebook", "ALSO READ", "Email story", "Make CT Your Homepage", "Add your comment"]


def test_seeds_import_to_fourteen_titled_documents_with_outlets():
    out, err = run("import_documents", str(SEEDS), project="seeds")
    project = Project.objects.get(slug="seeds")
    documents = Document.objects.filter(project=project)
    assert {d.title: d.outlet for d in documents} == SEED_TITLES
    assert "Created project 'seeds'." in out
    assert "(14 new, 0 already present, 0 files skipped)" in out
    assert err == ""


def test_seed_documents_are_clean_normalised_article_text():
    run("import_documents", str(SEEDS), project="seeds")
    for document in Document.objects.all():
        assert document.text.startswith(document.title + "\n\n")
        assert "\r" not in document.text and "\u00a0" not in document.text
        assert not any(f in document.text for f in FURNITURE), document.title
        assert document.text.count("\n\n") >= 3
        assert document.raw and document.source_file.startswith(str(SEEDS))


def test_seed_metadata_where_the_text_gives_it():
    run("import_documents", str(SEEDS), project="seeds")
    by_title = {d.title[:24]: d for d in Document.objects.all()}
    assert str(by_title["Beijing Cracks Down on C"].published_on) == "2025-01-22"
    assert by_title["China putting pressure o"].byline == "Mrityunjoy Kumar Jha"
    assert by_title["US lawmakers form bipart"].byline == "Reena Bhardwaj"
    assert by_title["Dozens of Ethnic Kazakhs"].byline == "Qiao Long"


def test_a_second_import_adds_nothing_and_says_so():
    run("import_documents", str(SEEDS), project="seeds")
    out, _ = run("import_documents", str(SEEDS), project="seeds")
    assert Document.objects.count() == 14
    assert "nothing new to import" in out
    assert "(0 new, 14 already present, 0 files skipped)" in out
    assert AuditEvent.objects.filter(action="document.imported").count() == 14


def test_bad_files_are_skipped_and_named_while_the_others_import(tmp_path):
    shutil.copy(SEEDS / "001_4b4dce642b585325.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Headline\nCaf\u00e9".encode("latin-1"))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7")
    out, err = run("import_documents", str(tmp_path), project="mixed")
    assert Document.objects.filter(project__slug="mixed").count() == 1
    assert f"skipped {tmp_path / 'empty.txt'}: empty file" in err
    assert f"skipped {tmp_path / 'image.txt'}: binary file (NUL byte at offset 8)" in err
    assert f"skipped {tmp_path / 'latin1.txt'}: not UTF-8 (byte 0xe9 at offset 12)" in err
    assert f"skipped {tmp_path / 'scan.pdf'}: unsupported file type .pdf; expected .txt, .html, .htm" in err
    assert "(1 new, 0 already present, 4 files skipped)" in out


def test_each_import_is_audited_with_what_was_stored():
    run("import_documents", str(SEEDS / "000_1e75888b1e8407c5.txt"), project="seeds")
    event = AuditEvent.objects.get(action="document.imported")
    document = Document.objects.get()
    assert (event.target_type, event.target_id, event.actor) == ("document", document.pk, None)
    assert event.after["sha256"] == document.sha256
    assert event.after["outlet"] == "China Topix"


def test_outlet_takes_the_registry_name_when_the_registry_knows_it():
    project = ProjectFactory(slug="seeds")
    rfa = SourceFactory(project=project, name="Radio Free Asia")
    rfa.aliases.create(project=project, name="RFA's Mandarin Service")
    run("import_documents", str(SEEDS / "003_3074aece7cd362b7.txt"), project="seeds")
    assert Document.objects.get().outlet == "Radio Free Asia"


def test_outlet_matching_ignores_case_and_apostrophe_style(tmp_path):
    project = ProjectFactory(slug="seeds")
    rfa = SourceFactory(project=project, name="Radio Free Asia")
    rfa.aliases.create(project=project, name="RFA's Mandarin Service")
    page = tmp_path / "curly.txt"
    page.write_text("A headline\n\nThe story.\n\nReported by Qiao Long for RFA’S MANDARIN service. Edited.")
    run("import_documents", str(page), project="seeds")
    assert Document.objects.get().outlet == "Radio Free Asia"


def test_nothing_to_import_and_bad_slug_are_errors(tmp_path):
    with pytest.raises(CommandError, match=r"no \.txt or \.html files"):
        run("import_documents", str(tmp_path), project="seeds")
    with pytest.raises(CommandError, match="is not a slug"):
        run("import_documents", str(SEEDS), project="Not A Slug")
    assert not Project.objects.exists()
