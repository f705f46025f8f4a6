"""import_brat end to end: brat folders in both layouts become documents, annotators and claims."""

import unicodedata
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from claims.brat_import import guess_source_kind, username_for
from claims.models import (
    AuditEvent,
    Claim,
    ClaimStatus,
    Document,
    Membership,
    Origin,
    Project,
    Role,
    Source,
    SourceKind,
)
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory, UserFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db

TEXT = (
    "Border talks fail\n"
    "\n"
    '"We will reopen it soon," Smith told reporters.\n'
    "Officials said the border was closed.\n"
    "Prices rose, it was claimed.\n"
)
NAME = "nyt_2016-10-02_border-talks"


def t(ident: str, label: str, phrase: str, text: str = TEXT) -> str:
    start = text.index(phrase)
    return f"{ident}\t{label} {start} {start + len(phrase)}\t{phrase}"


# One annotator marks three attributions, the other two of the same and two it gets wrong.
ANN_4E07 = [
    t("T1", "Source", "Smith"),
    t("T2", "Cue", "told reporters"),
    t("T3", "Content", '"We will reopen it soon,"'),
    t("T4", "Attribution", "told reporters"),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t("T5", "Source", "Officials"),
    t("T6", "Cue", "said"),
    t("T7", "Content", "the border was closed"),
    t("T8", "Attribution", "said"),
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    t("T9", "Content", "Prices rose"),
    t("T10", "Cue", "it was claimed"),
    t("T11", "Attribution-no-source", "it was claimed"),
    "E3\tAttribution-no-source:T11 Content:T9 Cue:T10",
]
ANN_EF2D = [
    t("T1", "Source", "Smith"),
    t("T2", "Content", '"We will reopen it soon,"'),
    t("T3", "Attribution", "told reporters"),
    "E1\tAttribution:T3 Content:T2 Source:T1",
    t("T4", "Source", "Officials").rpartition("\t")[0],  # a line without its surface column
    t("T5", "Content", "the border was closed."),
    t("T6", "Attribution", "said"),
    "E2\tAttribution:T6 Content:T5 Source:T4",
    "T7\tContent 150 900\tbeyond the end",
    "E3\tAttribution-no-source:T6 Content:T7",
    t("T8", "Source", "Smith"),
    "E4\tAttribution:T6 Source:T8",
]


def polnear(folder: Path, text: str = TEXT, annotations: dict[str, list[str]] | None = None) -> Path:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / f"{NAME}.txt").write_bytes(text.encode("utf-8"))
    for annotator, lines in (annotations or {"4e07": ANN_4E07, "ef2d": ANN_EF2D}).items():
        (folder / "attributions" / f"{NAME}_{annotator}.ann").write_text("\n".join(lines) + "\n")
    return folder


def claims_stored() -> set[tuple]:
    return {
        (
            claim.created_by.username,
            claim.text,
            claim.kind,
            claim.source.name,
            claim.source.kind,
            TEXT[claim.cue_start : claim.cue_end] if claim.cue_start is not None else None,
            tuple(claim.document.text[m.start : m.end] for m in claim.mentions.all()),
        )
        for claim in Claim.objects.select_related("created_by", "source", "document")
    }


def test_two_annotators_on_one_text_make_one_document_two_users_and_their_claims(tmp_path):
    out, err = run("import_brat", str(polnear(tmp_path)), project="polnear")
    document = Document.objects.get()
    assert (document.title, document.text, document.raw) == ("Border talks fail", TEXT, TEXT)
    assert document.source_file == str(tmp_path / "text" / f"{NAME}.txt")
    assert document.project.slug == "polnear"
    assert claims_stored() == {
        ("brat-4e07", '"We will reopen it soon,"', "direct", "Smith", "person", "told reporters", ("Smith",)),
        ("brat-4e07", "the border was closed", "indirect", "Officials", "group", "said", ("Officials",)),
        ("brat-4e07", "Prices rose", "indirect", "Unnamed source", "anonymous", "it was claimed", ()),
        ("brat-ef2d", '"We will reopen it soon,"', "direct", "Smith", "person", None, ("Smith",)),
        ("brat-ef2d", "the border was closed.", "indirect", "Officials", "group", None, ("Officials",)),
    }
    assert set(Claim.objects.values_list("status", "origin")) == {(ClaimStatus.PENDING, Origin.HUMAN)}
    assert sorted(Source.objects.values_list("name", flat=True)) == ["Officials", "Smith", "Unnamed source"]
    assert "Created project 'polnear'." in out
    assert out.splitlines()[-1] == (
        "Project 'polnear': imported 5 attributions. Files: 2 (0 skipped). Documents: 1 new, 1 reused. "
        "Attributions: 5 imported, 2 skipped: no content 1, unreadable event 1. Annotators: 2 (4e07, ef2d)."
    )
    ann = tmp_path / "attributions" / f"{NAME}_ef2d.ann"
    assert err.splitlines() == [
        f"{ann}: line 12: E4: no content: nothing to claim",
        f"{ann}: line 10: E3: Content T7 (line 9): span 150-900 is not inside the text "
        f"(need 0 <= start < end <= {len(TEXT)})"
        " ('E3\\tAttribution-no-source:T6 Content:T7')",
    ]


def test_annotators_are_inactive_users_without_password_and_annotators_of_the_project(tmp_path):
    run("import_brat", str(polnear(tmp_path)), project="polnear")
    users = get_user_model().objects.filter(username__startswith="brat-").order_by("username")
    assert [(u.username, u.is_active, u.has_usable_password()) for u in users] == [
        ("brat-4e07", False, False),
        ("brat-ef2d", False, False),
    ]
    memberships = Membership.objects.filter(project__slug="polnear").order_by("user__username")
    assert [(m.user.username, m.role) for m in memberships] == [
        ("brat-4e07", Role.ANNOTATOR),
        ("brat-ef2d", Role.ANNOTATOR),
    ]
    created = AuditEvent.objects.filter(action="claim.created")
    assert sorted(e.actor.username for e in created) == ["brat-4e07"] * 3 + ["brat-ef2d"] * 2
    assert AuditEvent.objects.filter(action="user.created").count() == 2


def test_running_the_import_again_adds_nothing_and_says_so(tmp_path):
    folder = polnear(tmp_path)
    run("import_brat", str(folder), project="polnear")
    counts = (
        Document.objects.count(),
        Claim.objects.count(),
        Source.objects.count(),
        AuditEvent.objects.count(),
    )
    out, _ = run("import_brat", str(folder), project="polnear")
    assert (
        Document.objects.count(),
        Claim.objects.count(),
        Source.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert out.splitlines() == [
        "Project 'polnear': nothing new to import. Files: 2 (0 skipped). Documents: 0 new, 2 reused. "
        "Attributions: 0 imported, 7 skipped: already stored 5, no content 1, unreadable event 1. "
        "Annotators: 2 (4e07, ef2d)."
    ]


def test_a_new_annotator_file_adds_only_that_annotators_claims(tmp_path):
    folder = polnear(tmp_path, annotations={"4e07": ANN_4E07})
    run("import_brat", str(folder), project="polnear")
    (folder / "attributions" / f"{NAME}_d473.ann").write_text("\n".join(ANN_4E07[:5]) + "\n")
    out, _ = run("import_brat", str(folder), project="polnear")
    assert "Attributions: 1 imported, 3 skipped: already stored 3." in out
    assert Claim.objects.filter(created_by__username="brat-d473").get().text == '"We will reopen it soon,"'
    assert Document.objects.count() == 1


def test_text_needing_nfc_is_stored_normalised_with_the_offsets_mapped(tmp_path):
    raw = TEXT.replace("Border", "Frontie\u0300re").replace("Smith", "Jose\u0301 Smith")
    annotations = [
        t("T1", "Source", "Jose\u0301 Smith", text=raw),
        t("T2", "Content", '"We will reopen it soon,"', text=raw),
        t("T3", "Cue", "told reporters", text=raw),
        t("T4", "Attribution", "told reporters", text=raw),
        "E1\tAttribution:T4 Content:T2 Cue:T3 Source:T1",
        t("T5", "Content", "Prices rose", text=raw),
        t("T6", "Attribution-no-source", "it was claimed", text=raw),
        "E2\tAttribution-no-source:T6 Content:T5",
    ]
    out, err = run("import_brat", str(polnear(tmp_path, raw, {"4e07": annotations})), project="polnear")
    document = Document.objects.get()
    assert document.text == unicodedata.normalize("NFC", raw) != raw
    assert document.raw == raw
    assert document.title == "Frontière talks fail"
    claims = {claim.text: claim for claim in Claim.objects.select_related("source")}
    assert set(claims) == {'"We will reopen it soon,"', "Prices rose"}
    quote = claims['"We will reopen it soon,"']
    assert document.text[quote.start : quote.end] == quote.text
    assert document.text[quote.cue_start : quote.cue_end] == "told reporters"
    assert quote.source.name == "José Smith"
    (mention,) = quote.mentions.all()
    assert document.text[mention.start : mention.end] == "José Smith"
    assert (quote.start, quote.end) == (
        document.text.index('"We will'),
        document.text.index('"We will') + len('"We will reopen it soon,"'),
    )
    assert (
        "Texts normalised (NFC, \\n line ends): 1 files, offsets mapped, 0 spans widened to whole characters."
        in out
    )
    assert err == ""


def test_crlf_text_is_stored_with_newlines_and_offsets_mapped(tmp_path):
    raw = TEXT.replace("\n", "\r\n")
    annotations = [
        t("T1", "Content", "the border was closed", text=raw),
        t("T2", "Source", "Officials", text=raw),
        t("T3", "Attribution", "said", text=raw),
        "E1\tAttribution:T3 Content:T1 Source:T2",
    ]
    run("import_brat", str(polnear(tmp_path, raw, {"4e07": annotations})), project="polnear")
    claim = Claim.objects.get()
    assert claim.document.text == TEXT
    assert (claim.start, claim.text) == (TEXT.index("the border"), "the border was closed")


def test_an_attribution_whose_span_cuts_a_character_is_reported_and_the_others_stored(tmp_path):
    judge = "👩\u200d⚖\ufe0f"  # one character of four code points
    raw = TEXT.replace("Smith", f"Smith {judge}")
    cut = f"Smith {judge[:2]}"  # the woman and the joiner, without the scales
    annotations = [
        t("T1", "Source", cut, text=raw),
        t("T2", "Content", '"We will reopen it soon,"', text=raw),
        t("T3", "Attribution", "told reporters", text=raw),
        "E1\tAttribution:T3 Content:T2 Source:T1",
        t("T4", "Content", "the border was closed", text=raw),
        t("T5", "Source", "Officials", text=raw),
        t("T6", "Attribution", "said", text=raw),
        "E2\tAttribution:T6 Content:T4 Source:T5",
    ]
    out, err = run("import_brat", str(polnear(tmp_path, raw, {"4e07": annotations})), project="polnear")
    assert Claim.objects.get().text == "the border was closed"
    start = raw.index(cut)
    ann = tmp_path / "attributions" / f"{NAME}_4e07.ann"
    assert err.splitlines() == [
        f"{ann}: line 4: E1: refused by the checks: [{start}, {start + len(cut)}) cuts the character "
        f"'{judge}' at {start + len(cut)}: a span starts and ends between whole characters"
    ]
    assert "Attributions: 1 imported, 1 skipped: refused by the checks 1." in out


def test_plain_brat_folder_is_one_annotator_named_after_the_folder_or_the_option(tmp_path):
    folder = tmp_path / "gold set"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    (folder / "a.ann").write_text("\n".join(ANN_4E07[:5]) + "\n")
    out, _ = run("import_brat", str(folder), project="plain")
    assert Claim.objects.get().created_by.username == "brat-gold-set"
    assert "Annotators: 1 (gold set)." in out
    run("import_brat", str(folder), project="plain", annotator="maria")
    assert sorted(Claim.objects.values_list("created_by__username", flat=True)) == [
        "brat-gold-set",
        "brat-maria",
    ]


def test_the_registry_is_used_before_a_source_is_created(tmp_path):
    project = ProjectFactory(slug="polnear")
    smith = SourceFactory(project=project, name="John Smith", kind=SourceKind.PERSON)
    smith.aliases.create(project=project, name="SMITH")
    unnamed = SourceFactory(project=project, name="unnamed source", kind=SourceKind.ANONYMOUS)
    run("import_brat", str(polnear(tmp_path, annotations={"4e07": ANN_4E07})), project="polnear")
    assert {c.text: c.source for c in Claim.objects.select_related("source")} == {
        '"We will reopen it soon,"': smith,
        "the border was closed": Source.objects.get(name="Officials"),
        "Prices rose": unnamed,
    }
    assert Source.objects.count() == 3


def test_a_registry_name_matches_whatever_its_apostrophes(tmp_path):
    project = ProjectFactory(slug="polnear")
    rfa = SourceFactory(project=project, name="RFA's Mandarin Service", kind=SourceKind.OUTLET)
    text = "RFA’s Mandarin Service reported that the border was closed.\n"
    lines = [
        t("T1", "Source", "RFA’s Mandarin Service", text),
        t("T2", "Cue", "reported", text),
        t("T3", "Content", "that the border was closed", text),
        t("T4", "Attribution", "reported", text),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    ]
    run("import_brat", str(polnear(tmp_path, text=text, annotations={"4e07": lines})), project="polnear")
    assert [claim.source for claim in Claim.objects.select_related("source")] == [rfa]
    assert Source.objects.count() == 1


def test_a_text_already_in_the_project_is_reused_and_members_keep_their_role(tmp_path):
    project = ProjectFactory(slug="polnear")
    existing = DocumentFactory(project=project, text=TEXT, title="Imported before")
    reviewer = UserFactory(username="brat-4e07")
    MembershipFactory(project=project, user=reviewer, role=Role.REVIEWER)
    out, _ = run("import_brat", str(polnear(tmp_path, annotations={"4e07": ANN_4E07})), project="polnear")
    assert set(Claim.objects.values_list("document", flat=True)) == {existing.pk}
    assert Document.objects.count() == 1
    assert "Documents: 0 new, 1 reused." in out
    reviewer.refresh_from_db()
    assert reviewer.is_active and reviewer.has_usable_password()
    assert Membership.objects.get(user=reviewer).role == Role.REVIEWER


def test_unreadable_and_missing_texts_are_skipped_with_the_reason(tmp_path):
    folder = polnear(tmp_path, annotations={"4e07": ANN_4E07})
    (folder / "attributions" / "missing_4e07.ann").write_text("")
    (folder / "text" / "latin.txt").write_bytes("Caf\u00e9".encode("latin-1"))
    (folder / "attributions" / "latin_4e07.ann").write_text("")
    (folder / "text" / "blank.txt").write_text(" \n\n")
    (folder / "attributions" / "blank_4e07.ann").write_text("")
    out, err = run("import_brat", str(folder), project="polnear")
    assert f"skipped {folder / 'attributions' / 'missing_4e07.ann'}: missing missing.txt" in err
    assert f"skipped {folder / 'attributions' / 'latin_4e07.ann'}: not UTF-8 (byte 0xe9 at 3)" in err
    assert f"skipped {folder / 'attributions' / 'blank_4e07.ann'}: empty text" in err
    assert "Files: 4 (3 skipped: empty text 1, missing missing.txt 1, not UTF-8 (byte 0xe9 at 3) 1)." in out
    assert Claim.objects.count() == 3


def test_a_missing_folder_an_empty_folder_and_a_bad_slug_are_errors(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run("import_brat", str(tmp_path / "nowhere"), project="polnear")
    with pytest.raises(CommandError, match=r"no \.ann files"):
        run("import_brat", str(tmp_path), project="polnear")
    with pytest.raises(CommandError, match="is not a slug"):
        run("import_brat", str(polnear(tmp_path)), project="Not A Slug")
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("he", SourceKind.ANONYMOUS),
        ("They", SourceKind.ANONYMOUS),
        ("who", SourceKind.ANONYMOUS),
        ("a source", SourceKind.ANONYMOUS),
        ("another senior official", SourceKind.ANONYMOUS),
        ("the source", SourceKind.ANONYMOUS),
        ("officials", SourceKind.GROUP),
        ("Senate Democrats", SourceKind.GROUP),
        ("some Republicans", SourceKind.GROUP),
        ("the poll", SourceKind.DOCUMENT),
        ("The New York Times", SourceKind.OUTLET),
        ("Fox News", SourceKind.OUTLET),
        ("the Clinton campaign", SourceKind.ORGANISATION),
        ("The White House", SourceKind.ORGANISATION),
        ("Trump", SourceKind.PERSON),
        ("Mr. Obama", SourceKind.PERSON),
        ("Victor Cha, a scholar at the Center for Strategic Studies", SourceKind.PERSON),
        ("Sen. Bernie Sanders (Vt.), who lost to Clinton,", SourceKind.PERSON),
    ],
)
def test_source_kind_heuristic(name, kind):
    assert guess_source_kind(name) == kind


def test_usernames_keep_only_allowed_characters():
    assert username_for("4e07") == "brat-4e07"
    assert username_for("gold set/2") == "brat-gold-set-2"
    assert username_for("///") == "brat-brat"
