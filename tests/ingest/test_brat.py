"""The brat standoff reader: parsing .ann text, finding files, normalising with an offset map."""

import unicodedata

import pytest

from claims.ingest.brat import (
    BratAttribution,
    BratFile,
    BratProblem,
    Span,
    UnmappableText,
    envelope,
    iter_brat_folder,
    normalise_text,
    parse_ann,
    read_brat_file,
)

TEXT = (
    "Border closed\n"
    '"We will reopen it soon," Smith told reporters.\n'
    "Officials said the border was closed, and the Times reported that talks had failed.\n"
    "Prices rose, it was claimed.\n"
)


def at(phrase: str, text: str = TEXT, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def t(ident: str, label: str, *phrases: str, text: str = TEXT, surface: bool = True) -> str:
    """A text-bound line over the phrases (several: a discontinuous span)."""
    spans = [at(phrase, text) for phrase in phrases]
    offsets = ";".join(f"{s.start} {s.end}" for s in spans)
    line = f"{ident}\t{label} {offsets}"
    return f"{line}\t{' '.join(phrases)}" if surface else line


def ann(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_an_event_becomes_one_attribution_with_each_role():
    result = parse_ann(
        TEXT,
        ann(
            t("T1", "Source", "Smith"),
            t("T2", "Cue", "told reporters"),
            t("T3", "Content", '"We will reopen it soon,"'),
            t("T4", "Attribution", "told reporters"),
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        ),
    )
    assert result == [
        BratAttribution(
            content=(at('"We will reopen it soon,"'),),
            cue=(at("told reporters"),),
            source=(at("Smith"),),
            trigger=(at("told reporters"),),
            label="Attribution",
            event_id="E1",
            line=5,
        )
    ]
    assert result[0].source[0].of(TEXT) == "Smith"


def test_discontinuous_spans_keep_every_fragment_in_text_order():
    (attribution,) = parse_ann(
        TEXT,
        ann(
            t("T1", "Content", "the border was closed", "talks had failed"),
            t("T2", "Cue", "reported", "said"),
            t("T3", "Attribution-no-source", "said"),
            "E1\tAttribution-no-source:T3 Content:T1 Cue:T2",
        ),
    )
    assert attribution.content == (at("the border was closed"), at("talks had failed"))
    assert [span.of(TEXT) for span in attribution.cue] == ["said", "reported"]
    assert envelope(attribution.content).of(TEXT) == (
        "the border was closed, and the Times reported that talks had failed"
    )
    assert envelope(attribution.cue) == Span(at("said").start, at("reported").end)


def test_missing_roles_are_empty_tuples():
    (no_source, no_cue_no_content) = parse_ann(
        TEXT,
        ann(
            t("T1", "Content", "Prices rose"),
            t("T2", "Cue", "it was claimed"),
            t("T3", "Attribution-no-source", "it was claimed"),
            "E1\tAttribution-no-source:T3 Content:T1 Cue:T2",
            t("T4", "Source", "Officials"),
            t("T5", "Attribution", "said"),
            "E2\tAttribution:T5 Source:T4",
        ),
    )
    assert (no_source.label, no_source.source) == ("Attribution-no-source", ())
    assert no_source.content == (at("Prices rose"),)
    assert (no_cue_no_content.content, no_cue_no_content.cue) == ((), ())
    assert no_cue_no_content.source == (at("Officials"),)


def test_content2_is_a_further_content_fragment_even_when_defined_after_the_event():
    (attribution,) = parse_ann(
        TEXT,
        ann(
            t("T1", "Source", "Officials"),
            t("T2", "Cue", "said"),
            t("T3", "Content", "the border was closed"),
            t("T4", "Attribution", "said"),
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5",
            t("T5", "Content", "talks had failed"),
        ),
    )
    assert attribution.content == (at("the border was closed"), at("talks had failed"))


def test_comments_notes_relations_other_types_and_broken_surface_lines_are_ignored():
    (attribution,) = parse_ann(
        TEXT,
        ann(
            "# a comment",
            t("T1", "Source", "Smith"),
            t("T2", "Content", '"We will reopen it soon,"'),
            "#1\tAnnotatorNotes T2\tcheck this",
            t("T3", "Discuss", "Border closed"),
            t("T4", "Discard", "Prices rose"),
            "R1\tRelation Arg1:T1 Arg2:T2",
            "A1\tConfidence T2 High",
            "N1\tReference T1 Wikipedia:123\tSmith",
            "the second line of a surface that held a line break",
            "T9 broken",
            t("T5", "Attribution", "told"),
            "E9\tDiscuss:T3",
            "E1\tAttribution:T5 Content:T2 Source:T1",
            "",
        ),
    )
    assert attribution.event_id == "E1"
    assert attribution.source == (at("Smith"),)


def test_a_text_bound_line_without_surface_is_read():
    (attribution,) = parse_ann(
        TEXT,
        ann(
            t("T1", "Content", "Prices rose", surface=False),
            t("T2", "Attribution-no-source", "claimed", surface=False),
            "E1\tAttribution-no-source:T2 Content:T1",
        ),
    )
    assert attribution.content == (at("Prices rose"),)


def test_crlf_line_ends_in_the_ann_file_are_read():
    lines = [t("T1", "Content", "Prices rose"), t("T2", "Attribution-no-source", "claimed")]
    (attribution,) = parse_ann(TEXT, "\r\n".join([*lines, "E1\tAttribution-no-source:T2 Content:T1", ""]))
    assert attribution.content == (at("Prices rose"),)


@pytest.mark.parametrize(
    ("offsets", "reason"),
    [
        (f"{len(TEXT) - 3} {len(TEXT) + 5}", f"not inside the text (need 0 <= start < end <= {len(TEXT)})"),
        ("12 12", "span 12-12 is not inside the text"),
        ("20 10", "span 20-10 is not inside the text"),
        ("0 5;900 905", "span 900-905 is not inside the text"),
        ("-3 5", "offsets '-3 5' are not '<start> <end>[;...]'"),
        ("4 x", "offsets '4 x' are not '<start> <end>[;...]'"),
    ],
)
def test_a_bad_span_skips_its_attribution_and_is_reported_with_the_line(offsets, reason):
    problems: list[BratProblem] = []
    result = parse_ann(
        TEXT,
        ann(
            f"T1\tContent {offsets}\tsomething",
            t("T2", "Attribution-no-source", "claimed"),
            "E1\tAttribution-no-source:T2 Content:T1",
            t("T3", "Content", "Prices rose"),
            "E2\tAttribution-no-source:T2 Content:T3",
        ),
        problems=problems,
    )
    assert [a.event_id for a in result] == ["E2"]
    (problem,) = problems
    assert (problem.line, problem.text) == (3, "E1\tAttribution-no-source:T2 Content:T1")
    assert problem.reason.startswith("E1: Content T1 (line 1): ")
    assert reason in problem.reason
    assert str(problem).startswith("line 3: E1: Content T1 (line 1): ")


def test_an_event_naming_an_undefined_annotation_or_malformed_is_reported():
    problems: list[BratProblem] = []
    result = parse_ann(
        TEXT,
        ann(
            t("T1", "Attribution-no-source", "claimed"),
            "E1\tAttribution-no-source:T1 Content:T7",
            "E2\tAttribution-no-source:T1 Content",
            "E3\t",
        ),
        problems=problems,
    )
    assert result == []
    assert [(p.line, p.reason) for p in problems] == [
        (2, "E1: Content names T7, which the file does not define"),
        (3, "E2: arguments are not 'Role:T<n>'"),
        (4, "E3: arguments are not 'Role:T<n>'"),
    ]


def test_problems_are_optional_and_the_parser_never_raises_on_bad_lines():
    assert (
        parse_ann("short", "T1\tContent 0 99\tx\nE1\tAttribution:T1 Content:T1\nE2\tAttribution:T9\n") == []
    )


def test_envelope():
    assert envelope([]) is None
    assert envelope([Span(10, 12), Span(3, 5), Span(7, 20)]) == Span(3, 20)


# Folders ----------------------------------------------------------------------------------


def test_polnear_layout_one_file_per_annotator_named_after_the_last_underscore(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "nyt_2016-10-02_a-curious-plan.txt").write_text(TEXT)
    for name in ["nyt_2016-10-02_a-curious-plan_4e07", "nyt_2016-10-02_a-curious-plan_ef2d", "lonely_ab12"]:
        (tmp_path / "attributions" / f"{name}.ann").write_text("")
    (tmp_path / "attributions" / "notes.txt").write_text("not an .ann file")
    assert list(iter_brat_folder(tmp_path)) == [
        BratFile(tmp_path / "text" / "lonely.txt", tmp_path / "attributions" / "lonely_ab12.ann", "ab12"),
        BratFile(
            tmp_path / "text" / "nyt_2016-10-02_a-curious-plan.txt",
            tmp_path / "attributions" / "nyt_2016-10-02_a-curious-plan_4e07.ann",
            "4e07",
        ),
        BratFile(
            tmp_path / "text" / "nyt_2016-10-02_a-curious-plan.txt",
            tmp_path / "attributions" / "nyt_2016-10-02_a-curious-plan_ef2d.ann",
            "ef2d",
        ),
    ]


def test_plain_brat_layout_one_annotator_named_after_the_folder_or_given(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "b.txt").write_text(TEXT)
    (folder / "b.ann").write_text("")
    (folder / "a.txt").write_text(TEXT)
    (folder / "a.ann").write_text("")
    (folder / "c.txt").write_text("no annotation")
    assert list(iter_brat_folder(folder)) == [
        BratFile(folder / "a.txt", folder / "a.ann", "corpus"),
        BratFile(folder / "b.txt", folder / "b.ann", "corpus"),
    ]
    assert {f.annotator for f in iter_brat_folder(folder, annotator="maria")} == {"maria"}


def test_read_brat_file_returns_text_attributions_and_problems(tmp_path):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "a.ann").write_text(
        ann(
            t("T1", "Content", "Prices rose"),
            t("T2", "Attribution-no-source", "claimed"),
            "E1\tAttribution-no-source:T2 Content:T1",
            "E2\tAttribution-no-source:T2 Content:T8",
        )
    )
    text, attributions, problems = read_brat_file(BratFile(tmp_path / "a.txt", tmp_path / "a.ann", "x"))
    assert text == TEXT
    assert [a.content for a in attributions] == [(at("Prices rose"),)]
    assert [p.line for p in problems] == [4]


# Normalisation ----------------------------------------------------------------------------


def test_normal_text_maps_offsets_as_they_are():
    normal = normalise_text(TEXT)
    assert normal.text == TEXT and not normal.changed
    assert normal.map_span(Span(3, 9)) == (Span(3, 9), False)


def test_nfc_composition_shifts_later_offsets_back():
    raw = "Jose\u0301 said that cafe\u0301s close. Rene\u0301e agreed."
    normal = normalise_text(raw)
    assert normal.text == unicodedata.normalize("NFC", raw) == "José said that cafés close. Renée agreed."
    for phrase in ["José", "said that cafés close", "Renée agreed", "agreed."]:
        raw_span = Span(
            raw.index(unicodedata.normalize("NFD", phrase)),
            raw.index(unicodedata.normalize("NFD", phrase)) + len(unicodedata.normalize("NFD", phrase)),
        )
        mapped, widened = normal.map_span(raw_span)
        assert (mapped.of(normal.text), widened) == (phrase, False)


def test_a_span_ending_between_a_letter_and_its_accent_grows_to_the_whole_character():
    raw = "Jose\u0301 said"
    normal = normalise_text(raw)
    assert normal.map_span(Span(0, 4)) == (Span(0, 4), True)  # "Jose" without the accent: "José"
    assert normal.map_span(Span(4, 10)) == (Span(3, 9), True)  # from the accent on: " said" and "é"


def test_line_ends_and_byte_order_mark_are_normalised_with_their_offsets():
    raw = "\ufeffTitle\r\nFirst line.\rSecond line.\r\n"
    normal = normalise_text(raw)
    assert normal.text == "Title\nFirst line.\nSecond line.\n"
    second = raw.index("Second")
    assert normal.map_span(Span(second, second + 12))[0].of(normal.text) == "Second line."
    assert normal.map_span(Span(0, 6)) == (Span(0, 5), False)  # the mark is dropped, "Title" stays
    assert normal.map_span(Span(0, 1)) == (None, False)  # nothing but the mark


def test_composition_across_pieces_cannot_be_mapped():
    with pytest.raises(UnmappableText):
        normalise_text("\u1100\u1161")  # Hangul jamo: two starters composing into one syllable
