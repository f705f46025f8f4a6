"""services.suggest_for_document: the suggester's attributions stored as suggested claims,
linked to the registry, replacing only the suggestions nobody has acted on."""

import re

import pytest
from django.core.management import CommandError

from claims import services
from claims.models import AuditEvent, Claim, ClaimStatus, Job, Origin, Role, Source, SourceKind
from claims.source_kinds import guess_source_kind, names_no_one
from claims.spans import grapheme_at
from claims.suggest import suggest
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SourceFactory
from tests.management.helpers import run

# The mode the suggester runs in here: "tagger" where the optional extras are installed.
MODE = suggest("").mode

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Border closed\n\n"
    "Officials said the border was closed on Monday.\n\n"
    '"We will reopen it soon," a spokesman told the Global Times.\n\n'
    "Liu Huaming said the crossing would stay shut until March. "
    "He said the talks would resume next month."
)
CLOSED = "the border was closed on Monday"
REOPEN = "We will reopen it soon,"  # as the guide marks a quote: without its quotation marks
SHUT = "the crossing would stay shut until March"
TALKS = "the talks would resume next month"


def at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def desk():
    project = ProjectFactory(slug="desk")
    document = DocumentFactory(project=project, text=ARTICLE, title="Border closed")
    officials = SourceFactory(project=project, name="Officials", kind="group")
    global_times = SourceFactory(project=project, name="Global Times", kind="outlet")
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    return project, document, officials, global_times, annotator, reviewer


def suggestion(document, words: str) -> Claim:
    start, end = at(document.text, words)
    return Claim.objects.select_related("source").get(document=document, start=start, end=end)


def test_attributions_become_suggested_claims_linked_to_the_registry(desk):
    project, document, officials, global_times, annotator, _ = desk
    report = services.suggest_for_document(document, actor=annotator)

    assert (report.mode, report.created, report.replaced, report.skipped) == (MODE, 4, 0, 0)
    claims = list(Claim.objects.filter(document=document).prefetch_related("mentions", "relays"))
    assert {(c.status, c.origin, c.created_by_id) for c in claims} == {
        (ClaimStatus.SUGGESTED, Origin.MACHINE, None)
    }

    closed = suggestion(document, CLOSED)
    assert (closed.source, closed.kind, closed.text) == (officials, "indirect", CLOSED)
    assert ARTICLE[closed.cue_start : closed.cue_end] == "said"
    assert [(m.start, m.end, m.source_id) for m in closed.mentions.all()] == [
        (*at(ARTICLE, "Officials"), officials.pk)
    ]
    assert list(closed.relays.all()) == []

    reopen = suggestion(document, REOPEN)
    spokesman = reopen.source
    assert (spokesman.name, spokesman.kind, spokesman.needs_review) == ("A spokesman", "anonymous", True)
    assert reopen.kind == "direct"
    # the guide's convention: the outlet told is inside the cue, and is the relay chain
    assert ARTICLE[reopen.cue_start : reopen.cue_end] == "told the Global Times"
    assert [relay.source for relay in reopen.relays.all()] == [global_times]
    assert [(m.start, m.end) for m in reopen.mentions.all()] == [at(ARTICLE, "a spokesman")]

    shut = suggestion(document, SHUT)
    liu = shut.source
    assert (liu.name, liu.kind, liu.needs_review, liu.project) == ("Liu Huaming", "person", True, project)
    # "He" is the nearest preceding claim's source, named where the pronoun stands
    talks = suggestion(document, TALKS)
    assert talks.source == liu
    he = ARTICLE.index("He said")
    assert [(m.start, m.end, m.source_id) for m in talks.mentions.all()] == [(he, he + 2, liu.pk)]

    assert report.new_sources == 2
    assert not Source.objects.get(pk=officials.pk).needs_review
    assert not Source.objects.get(pk=global_times.pk).needs_review
    event = AuditEvent.objects.get(action="document.suggested")
    assert (event.actor, event.target_id, event.after) == (
        annotator,
        document.pk,
        {"mode": MODE, "created": 4, "replaced": 0, "skipped": 0, "new_sources": 2, "dropped_sources": 0},
    )
    assert AuditEvent.objects.filter(action="claim.created", actor=None).count() == 4
    assert set(AuditEvent.objects.filter(action="source.created").values_list("target_id", flat=True)) == {
        spokesman.pk,
        liu.pk,
    }


def test_a_rerun_replaces_only_the_suggestions_nobody_has_acted_on(desk):
    _, document, officials, _, annotator, reviewer = desk
    services.suggest_for_document(document)
    accepted = suggestion(document, CLOSED)
    services.accept_suggestion(accepted.pk, actor=annotator, version=accepted.version)
    rejected = suggestion(document, REOPEN)
    services.review_claim(rejected.pk, reviewer=annotator, verdict="reject", version=rejected.version)
    untouched = {suggestion(document, SHUT).pk, suggestion(document, TALKS).pk}
    start, end = at(ARTICLE, SHUT)
    human = services.create_claim(
        document, start=start, end=end, text=SHUT, kind="indirect", source=officials, actor=reviewer
    )
    before = {
        claim.pk: (claim.status, claim.version, claim.source_id, claim.created_by_id)
        for claim in Claim.objects.filter(pk__in=[accepted.pk, rejected.pk, human.pk])
    }
    sources_before = Source.objects.count()

    report = services.suggest_for_document(document)

    # the two untouched suggestions go; the accepted, rejected and human claims' spans are skipped
    assert (report.created, report.replaced, report.skipped, report.new_sources) == (1, 2, 3, 0)
    # "Liu Huaming" was proposed for the span the human claim now holds: nothing names it any more
    assert report.dropped_sources == 1
    assert not Claim.objects.filter(pk__in=untouched).exists()
    after = {
        claim.pk: (claim.status, claim.version, claim.source_id, claim.created_by_id)
        for claim in Claim.objects.filter(pk__in=[accepted.pk, rejected.pk, human.pk])
    }
    assert after == before
    assert before[accepted.pk][0] == "pending" and before[rejected.pk][0] == "rejected"
    talks = suggestion(document, TALKS)  # anew; "He" follows the human claim before it
    assert (talks.status, talks.source) == ("suggested", officials)
    assert Claim.objects.filter(document=document).count() == 4
    assert Source.objects.count() == sources_before - 1
    assert not Source.objects.filter(name="Liu Huaming").exists()
    (dropped,) = AuditEvent.objects.filter(action="source.deleted")
    assert dropped.before["name"] == "Liu Huaming"
    deleted = AuditEvent.objects.filter(action="claim.deleted")
    assert set(deleted.values_list("target_id", flat=True)) == untouched


def test_a_rerun_with_nothing_decided_gives_the_same_suggestions(desk):
    _, document, *_ = desk
    services.suggest_for_document(document)
    first = sorted(Claim.objects.values_list("start", "end", "source_id", "cue_start", "cue_end"))
    report = services.suggest_for_document(document)
    assert (report.created, report.replaced, report.skipped, report.new_sources, report.dropped_sources) == (
        4,
        4,
        0,
        0,
        0,
    )
    assert sorted(Claim.objects.values_list("start", "end", "source_id", "cue_start", "cue_end")) == first


def test_names_match_ignoring_case_apostrophes_and_a_leading_the(desk):
    project, _, _, global_times, _, _ = desk
    rfa = SourceFactory(project=project, name="RFA’s Mandarin Service", kind="outlet")
    police = SourceFactory(project=project, name="Police", kind="group")
    text = (
        "The Global Times reported that the crossing had reopened on Tuesday. "
        "RFA's Mandarin Service reported that the crossing was shut again on Wednesday. "
        "According to the police, the queue of trucks was five miles long."
    )
    document = DocumentFactory(project=project, text=text)
    report = services.suggest_for_document(document)
    assert (report.created, report.new_sources) == (3, 0)
    sources = dict(Claim.objects.filter(document=document).values_list("start", "source_id"))
    assert sorted(sources.values()) == sorted([global_times.pk, rfa.pk, police.pk])


def test_a_name_with_its_title_is_matched_or_filed_by_the_name_before_the_comma(desk):
    project, *_ = desk
    liu = SourceFactory(project=project, name="Liu Huaming", kind="person")
    text = (
        "Liu Huaming, deputy head of the public security bureau, said the emigrants spend 30,000 yuan. "
        "Li Wei, an expert at the institute, said the fighters operate in the north. "
        "“We will go on. With the support of Congress, we have paved the road for that journey,” Abbas added."
    )
    document = DocumentFactory(project=project, text=text)
    report = services.suggest_for_document(document)
    assert (report.created, report.new_sources) == (3, 2)
    emigrants, fighters, journey = Claim.objects.filter(document=document).order_by("start")
    assert emigrants.source == liu
    li_wei = fighters.source
    assert (li_wei.name, li_wei.kind, li_wei.needs_review) == ("Li Wei", "person", True)
    assert li_wei.description == "Named in the text as “Li Wei, an expert at the institute”."
    # the suggester may give "” Abbas": the mention and the name leave the quote mark out
    (mention,) = journey.mentions.all()
    assert (text[mention.start : mention.end], journey.source.name) == ("Abbas", "Abbas")


def test_a_source_the_text_does_not_resolve_goes_to_one_unnamed_source(desk):
    project, *_ = desk
    text = "He said the border would stay closed all week. She said the talks had failed on Friday."
    document = DocumentFactory(project=project, text=text)
    report = services.suggest_for_document(document)
    claims = list(Claim.objects.filter(document=document).select_related("source"))
    assert report.created == len(claims) == 2
    unnamed = claims[0].source
    assert {claim.source for claim in claims} == {unnamed}
    assert (unnamed.name, unnamed.kind, unnamed.needs_review) == ("Unnamed source", "anonymous", False)
    # a second document shares the entry
    other_text = "She said the bridge had been repaired by Monday."
    other = DocumentFactory(project=project, text=other_text)
    services.suggest_for_document(other)
    assert Claim.objects.get(document=other).source == unnamed
    assert Source.objects.filter(name="Unnamed source").count() == 1


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("The Border Herald", SourceKind.OUTLET),
        ("the Daily Post", SourceKind.OUTLET),
        ("Xinhua News Agency", SourceKind.OUTLET),
        ("officials", SourceKind.GROUP),
        ("Officials", SourceKind.GROUP),
        ("the police", SourceKind.GROUP),
        ("Chinese security experts", SourceKind.GROUP),
        ("a source", SourceKind.ANONYMOUS),
        ("an official", SourceKind.ANONYMOUS),
        ("a second source in the Altay district", SourceKind.ANONYMOUS),
        ("the spokesman", SourceKind.ANONYMOUS),
        ("the Foreign Ministry", SourceKind.ORGANISATION),
        ("Liu Huaming", SourceKind.PERSON),
        ("Jones", SourceKind.PERSON),
    ],
)
def test_the_kind_of_a_new_source_comes_from_its_words(words, kind):
    assert guess_source_kind(words) == kind


def test_a_reviewers_edit_clears_needs_review_and_is_audited(desk):
    _, document, _, _, _, reviewer = desk
    services.suggest_for_document(document)
    liu = Source.objects.get(name="Liu Huaming")
    assert liu.needs_review
    assert services.update_source(liu, reviewed=True, actor=reviewer) is True
    liu.refresh_from_db()
    assert not liu.needs_review
    event = AuditEvent.objects.filter(action="source.updated", target_id=liu.pk).get()
    assert (event.actor, event.before["needs_review"], event.after["needs_review"]) == (reviewer, True, False)
    # an edit that is not a review (loading the registry again) leaves the mark alone
    spokesman = Source.objects.get(name="A spokesman")
    services.update_source(spokesman, description="unnamed spokesman")
    spokesman.refresh_from_db()
    assert spokesman.needs_review


def test_the_command_suggests_per_document_and_sums_up_with_the_mode(desk):
    project, document, *_ = desk
    text = "Officials said the bridge was repaired on Monday after the storm."
    second = DocumentFactory(project=project, text=text)
    out, err = run("suggest_attributions", "--project", "desk", "--verbosity", "2", "--progress")
    lines = out.strip().splitlines()
    assert lines[0] == (
        f"Document {document.pk} 'Border closed': 4 suggested, 0 replaced, 0 skipped, 2 new sources, 0 dropped."
    )
    assert lines[1].startswith(f"Document {second.pk} ") and ": 1 suggested," in lines[1]
    assert re.fullmatch(
        r"Project 'desk': 2 documents, 5 suggestions, 0 replaced, 0 skipped, 2 new sources for review, 0 dropped; "
        rf"mode {MODE}; \d+\.\d s\.",
        lines[2],
    )
    assert "suggest project: 100%" in err and "2/2" in err  # the progress bar's last state
    assert Claim.objects.filter(status="suggested").count() == 5
    job = Job.objects.get()
    assert (job.kind, job.status, job.done, job.total, job.result["created"]) == (
        "suggest_project",
        "succeeded",
        2,
        2,
        5,
    )

    out, err = run("suggest_attributions", "--project", "desk", "--document", str(second.pk))
    assert out.splitlines() == [out.strip()]  # the summary alone, without -v 2
    assert "1 documents, 1 suggestions, 1 replaced" in out
    assert err == ""  # no bar off a terminal unless --progress


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "nowhere"], "no project 'nowhere'"),
        (["--project", "desk", "--document", "999999"], "no document 999999 in project 'desk'"),
    ],
)
def test_the_command_names_what_it_cannot_find(desk, args, message):
    with pytest.raises(CommandError, match=message):
        run("suggest_attributions", *args)


def the_one_suggestion(project, text: str) -> Claim:
    """The claim the suggester proposes on a new document of the text, which must be its only one."""
    document = DocumentFactory(project=project, text=text)
    services.suggest_for_document(document)
    (claim,) = Claim.objects.filter(document=document).select_related("source")
    return claim


def test_a_quoted_term_in_a_new_sources_name_keeps_both_its_marks(desk):
    project, *_ = desk
    text = (
        '"They not only want to get training in terrorist techniques," an unidentified Chinese '
        '"anti-terrorism worker" was quoted as saying by China\'s Global Times.'
    )
    claim = the_one_suggestion(project, text)
    assert claim.source.name == 'An unidentified Chinese "anti-terrorism worker"'
    assert claim.source.kind == "anonymous"
    assert [relay.source.name for relay in claim.relays.all()] == ["China's Global Times"]


def test_an_outlet_that_quoted_a_speaker_becomes_the_relay_as_the_guide_records_it(desk):
    project, _, _, _, _, _ = desk
    china_daily = SourceFactory(project=project, name="China Daily", kind="outlet")
    # the guide's sixth case, typed as the seed article types it: an opening mark closes the quote
    text = (
        "“We call for the unity and collaboration of the international community, "
        "“the state affiliated media China Daily quoted Geng as saying."
    )
    claim = the_one_suggestion(project, text)
    assert claim.text == "We call for the unity and collaboration of the international community,"
    assert (claim.kind, claim.source.name) == ("direct", "Geng")
    assert text[claim.cue_start : claim.cue_end] == "quoted Geng as saying"
    assert [relay.source for relay in claim.relays.all()] == [china_daily]
    assert [text[m.start : m.end] for m in claim.mentions.all()] == ["Geng"]


@pytest.mark.parametrize(
    "text",
    [
        # the parser's tokens split the first flag and the judge: the spans are widened to them
        "A spokesman told🇨🇳🇨🇳 the Global Times the border would reopen.",
        "Officials 👩\u200d⚖\ufe0fsaid the border was closed on Monday.",
    ],
)
def test_emoji_next_to_a_cue_are_suggested_as_whole_characters(desk, text):
    project, *_ = desk
    document = DocumentFactory(project=project, text=text)
    report = services.suggest_for_document(document)
    assert report.created == 1
    claim = Claim.objects.prefetch_related("mentions").get(document=document)
    spans = [(claim.start, claim.end), (claim.cue_start, claim.cue_end)]
    spans += [(mention.start, mention.end) for mention in claim.mentions.all()]
    assert [grapheme_at(text, offset) for span in spans for offset in span] == [None] * len(spans) * 2
    assert "border" in claim.text and claim.status == ClaimStatus.SUGGESTED


def test_a_wire_items_credit_line_becomes_the_outlets_claim(desk):
    project, _, _, _, _, _ = desk
    asian_lite = SourceFactory(project=project, name="Asian Lite News", kind="outlet")
    lead = "Majority of the Arnhem city council voted for an immediate break of ties with Wuhan"
    text = f"{lead}…reports Asian Lite News"
    document = DocumentFactory(project=project, text=text)
    services.suggest_for_document(document)
    credited = Claim.objects.select_related("source").get(document=document, source=asian_lite)
    assert (credited.text, text[credited.cue_start : credited.cue_end]) == (f"{lead}…", "reports")
    assert all(claim.end <= len(lead) + 1 for claim in Claim.objects.filter(document=document))


@pytest.mark.parametrize(
    ("words", "names_nobody"),
    [
        ("Who", True),
        ("Many", True),
        ("If", True),
        ("and", True),
        ("globally", True),
        ("", True),
        ("police", False),
        ("Reuters", False),
        ("Kelly", False),  # a name may end in -ly; it is written with a capital
        ("many officials", False),
    ],
)
def test_words_that_name_nobody_are_not_proposed_as_sources(words, names_nobody):
    assert names_no_one(words) is names_nobody
