import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import jobs
from claims.models import AuditEvent, Claim, ClaimReview
from tests.api.conftest import claim_body
from tests.factories import ClaimFactory, DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db


def create(api, team, user=None, **changes):
    return api(user or team.annotator).post("/api/claims/", claim_body(team, **changes), format="json")


def test_annotator_creates_a_claim_with_cue_mentions_and_relay_chain(team, api):
    response = create(api, team)
    assert response.status_code == 201
    claim = response.json()
    assert claim["text"] == "Officials said the border was closed."
    assert (claim["status"], claim["origin"], claim["version"]) == ("pending", "human", 1)
    assert claim["cue"] == {"start": 10, "end": 14, "text": "said"}
    assert claim["mentions"] == [{"start": 0, "end": 9, "text": "Officials", "source": team.officials.pk}]
    assert claim["via"] == [team.global_times.pk]
    assert claim["created_by"] == team.annotator.username and claim["reviews"] == []
    assert AuditEvent.objects.get(action="claim.created").actor == team.annotator


def test_offsets_are_code_points_after_characters_outside_the_bmp(team, api):
    text = "🙂🇨🇳 Officials said the border was closed."
    document = DocumentFactory(project=team.project, text=text)
    start = text.index("Officials")
    body = {"document": document.pk, "start": start, "end": len(text), "text": text[start:], "cue": None}
    response = create(api, team, **body, mentions=[], via=[])
    assert response.status_code == 201, response.json()
    assert (response.json()["start"], response.json()["end"]) == (4, 41)


JUDGE = "👩\u200d⚖\ufe0f"  # one character of four code points: woman, zero width joiner, scales, emoji style
EMOJI_TEXT = f"The judge {JUDGE} said the border 🇨🇳🇨🇳 was closed."


def emoji_claim_body(team, **changes) -> dict:
    """A body for a claim on EMOJI_TEXT, "{JUDGE} said the border", with "said" as its cue."""
    document = DocumentFactory(project=team.project, text=EMOJI_TEXT)
    start = EMOJI_TEXT.index(JUDGE)
    end = EMOJI_TEXT.index(" 🇨🇳")
    said = EMOJI_TEXT.index("said")
    body = {"document": document.pk, "start": start, "end": end, "text": EMOJI_TEXT[start:end]}
    return {**body, "cue": {"start": said, "end": said + 4}, "mentions": [], "via": [], **changes}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        # ends after the woman and the joiner, before the scales: inside the judge
        (
            {"start": 4, "end": 12, "text": EMOJI_TEXT[4:12]},
            "end",
            f"[4, 12) cuts the character '{JUDGE}' at 12",
        ),
        ({"start": 11, "end": 20, "text": EMOJI_TEXT[11:20]}, "start", f"cuts the character '{JUDGE}' at 11"),
        # the cue takes the first flag and half the second
        ({"cue": {"start": 31, "end": 34}}, "cue", "[31, 34) cuts the character '🇨🇳' at 34"),
        ({"mentions": [{"start": 10, "end": 13}]}, "mentions[0]", f"cuts the character '{JUDGE}' at 13"),
    ],
)
def test_a_span_that_cuts_a_character_is_refused_naming_the_field_and_nothing_is_stored(
    team, api, changes, field, message
):
    response = create(api, team, **emoji_claim_body(team, **changes))
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert "a span starts and ends between whole characters" in response.json()[field][0]
    assert not Claim.objects.exists() and not AuditEvent.objects.filter(action="claim.created").exists()


def test_a_span_covering_the_whole_emoji_is_stored(team, api):
    flags = EMOJI_TEXT.index("🇨🇳")
    body = emoji_claim_body(team, cue={"start": flags, "end": flags + 4}, mentions=[{"start": 10, "end": 14}])
    response = create(api, team, **body)
    assert response.status_code == 201, response.json()
    claim = response.json()
    assert claim["text"] == f"{JUDGE} said the border"
    assert claim["cue"]["text"] == "🇨🇳🇨🇳" and claim["mentions"][0]["text"] == JUDGE


def test_an_edit_that_would_cut_a_character_is_refused_and_the_claim_stays(team, api):
    claim_id = create(api, team, **emoji_claim_body(team)).json()["id"]
    response = api(team.annotator).patch(
        f"/api/claims/{claim_id}/", {"cue": {"start": 11, "end": 16}, "version": 1}, format="json"
    )
    assert response.status_code == 400 and "cuts the character" in response.json()["cue"][0]
    claim = Claim.objects.get(pk=claim_id)
    assert (claim.version, claim.cue_start) == (1, EMOJI_TEXT.index("said"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "0"}, "start", "must be a JSON integer, not str"),
        ({"end": 37.0}, "end", "must be a JSON integer, not float"),
        ({"start": True}, "start", "must be a JSON integer, not bool"),
        ({"start": -1}, "start", "need 0 <= start < end <= 99"),
        ({"start": 20, "end": 20}, "start", "need 0 <= start < end"),
        ({"start": 30, "end": 10}, "start", "need 0 <= start < end"),
        ({"end": 120, "text": "x"}, "end", "[0, 120) is not a span of the document: need 0 <= start"),
        ({"start": 99, "end": 120, "text": "x"}, "start", "[99, 120) is not a span"),
        ({"start": -1, "end": 120, "text": "x"}, "start", "[-1, 120) is not a span"),
        (
            {"text": "Officers said the border was closed."},
            "text",
            "it holds 'Officials said the border was closed.'",
        ),
        ({"cue": {"start": 90, "end": 150}}, "cue", "is not a span of the document"),
        ({"cue": {"start": 10}}, "cue", "required"),
        ({"mentions": [{"start": 0, "end": 500}]}, "mentions[0]", "is not a span of the document"),
        ({"mentions": [{"start": 0, "end": 9, "source": 999999}]}, "mentions", "does not exist"),
        ({"source": 999999}, "source", "does not exist"),
        # past 64 bits: SQLite cannot compare such a number with an id (it answered 500)
        ({"source": 2**70}, "source", "less than or equal to 9223372036854775807"),
        ({"via": [2**70]}, "via", "less than or equal to"),
        ({"mentions": [{"start": 0, "end": 9, "source": 2**70}]}, "mentions", "less than or equal to"),
        ({"kind": "rumour"}, "kind", "not a valid choice"),
        ({"status": "approved"}, "status", "status changes only through review"),
        ({"confidence": 0.9}, "confidence", "not a field"),
        ({"document": 999999}, "document", "does not exist"),
        ({"text": ""}, "text", "blank"),
    ],
)
def test_bad_claim_is_refused_naming_the_field_and_nothing_is_stored(team, api, changes, field, message):
    response = create(api, team, **changes)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in json.dumps(response.json()[field])
    assert not Claim.objects.exists() and not AuditEvent.objects.filter(action="claim.created").exists()


@pytest.mark.parametrize(("spelled", "kind"), [(str, "str"), (float, "float")])
def test_an_id_must_be_a_json_integer_not_a_string_or_a_float(team, api, spelled, kind):
    response = create(api, team, document=spelled(team.document.pk))
    assert response.status_code == 400
    assert response.json()["document"] == [f"must be a JSON integer, not {kind}."]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("via", "message"),
    [("duplicate", "lists 'Global Times' twice"), ("own", "repeats the claim's own source 'Officials'")],
)
def test_relay_chain_without_duplicates_or_the_claims_own_source(team, api, via, message):
    chain = [team.global_times.pk] * 2 if via == "duplicate" else [team.officials.pk]
    response = create(api, team, via=chain)
    assert response.status_code == 400 and message in response.json()["via"][0]
    assert not Claim.objects.exists()


def test_a_source_of_another_project_is_refused(team, api):
    foreign = SourceFactory()
    response = create(api, team, source=foreign.pk)
    assert response.status_code == 400 and "does not exist" in response.json()["source"][0]


@pytest.mark.parametrize("field", ["source", "mentions", "via"])
def test_a_source_of_another_of_the_users_projects_is_refused_on_create_and_edit(team, api, field):
    """The annotator sees both projects; a claim still takes only its own project's sources."""
    elsewhere = SourceFactory(project=MembershipFactory(user=team.annotator).project)
    references = {
        "source": {"source": elsewhere.pk},
        "mentions": {"mentions": [{"start": 0, "end": 9, "source": elsewhere.pk}]},
        "via": {"via": [elsewhere.pk]},
    }[field]
    created = create(api, team, **references)
    assert created.status_code == 400
    assert f"source {elsewhere.pk} does not exist in this claim's project" in json.dumps(
        created.json()[field]
    )
    claim_id = create(api, team).json()["id"]
    edited = api(team.annotator).patch(
        f"/api/claims/{claim_id}/", {**references, "version": 1}, format="json"
    )
    assert edited.status_code == 400 and "in this claim's project" in json.dumps(edited.json()[field])
    assert Claim.objects.get().version == 1


def test_a_document_of_another_project_is_refused_without_revealing_it(team, api):
    response = create(api, team, user=team.outsider)
    assert response.status_code == 400 and "does not exist" in response.json()["document"][0]


@pytest.mark.parametrize("path", ["/api/claims/", "/api/auth/token/"])
def test_a_body_nested_too_deeply_is_refused_not_a_server_error(team, api, path):
    nested = "[" * 5000 + "]" * 5000
    response = api(team.annotator).post(path, nested, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON parse error - the body nests arrays or objects too deeply"


def test_oversized_body_is_refused(team, api, settings):
    body = claim_body(team, text="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    response = api(team.annotator).post("/api/claims/", body, format="json")
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert not Claim.objects.exists()


def test_malformed_json_is_a_400(team, api):
    response = api(team.annotator).post("/api/claims/", "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]


def test_claim_list_filters(team, api):
    mine = ClaimFactory(document=team.document, source=team.officials, created_by=team.annotator)
    approved = ClaimFactory(
        document=team.document,
        source=team.global_times,
        start=40,
        end=63,
        status="approved",
        created_by=team.reviewer,
    )
    other_document = DocumentFactory(project=team.project, text="Police said nothing.")
    ClaimFactory(document=other_document, source=team.officials, start=0, end=6)
    client = api(team.annotator)

    def ids(**params):
        response = client.get("/api/claims/", params)
        assert response.status_code == 200, response.json()
        return [c["id"] for c in response.json()["results"]]

    assert ids(document=team.document.pk) == [mine.pk, approved.pk]
    assert ids(status="approved") == [approved.pk]
    assert ids(source=team.global_times.pk) == [approved.pk]
    assert ids(creator=team.annotator.username) == [mine.pk]
    assert len(ids(project=team.project.pk)) == 3


@pytest.mark.parametrize(("param", "value"), [("status", "maybe"), ("kind", "rumour"), ("source", "abc")])
def test_unknown_filter_values_are_refused(team, api, param, value):
    response = api(team.annotator).get("/api/claims/", {param: value})
    assert response.status_code == 400 and param in response.json()


@pytest.mark.parametrize("project", ["missing", "not the user's", "not an id"])
def test_a_project_filter_naming_none_of_the_users_projects_is_refused_as_for_documents(team, api, project):
    """One that does not exist and one the user is not a member of are refused alike, so the
    answer does not tell that the other exists."""
    other_project = ClaimFactory().document.project_id  # a project with a claim, of other members
    value = {"missing": 999_999, "not the user's": other_project, "not an id": "newsroom"}[project]
    client = api(team.annotator)
    claims = client.get("/api/claims/", {"project": value})
    assert claims.status_code == 400 and claims["Content-Type"] == "application/json"
    assert list(claims.json()) == ["project"]
    assert "not one of the available choices" in claims.json()["project"][0]
    assert claims.json() == client.get("/api/documents/", {"project": value}).json()


@pytest.mark.parametrize(
    ("query", "problem"),
    [("", "required: the version you saw (?version=N)"), ("?version=one", "must be an integer")],
)
def test_a_delete_without_a_version_is_refused_and_keeps_the_claim(team, api, query, problem):
    claim_id = create(api, team).json()["id"]
    response = api(team.annotator).delete(f"/api/claims/{claim_id}/{query}")
    assert response.status_code == 400 and response.json() == {"version": [problem]}
    assert Claim.objects.filter(pk=claim_id).exists()


def test_claims_of_other_projects_stay_hidden(team, api):
    claim = ClaimFactory(document=team.document, source=team.officials)
    outsider = api(team.outsider)
    assert outsider.get("/api/claims/").json()["count"] == 0
    for response in (
        outsider.get(f"/api/claims/{claim.pk}/"),
        outsider.patch(f"/api/claims/{claim.pk}/", {"kind": "direct", "version": 1}, format="json"),
        outsider.delete(f"/api/claims/{claim.pk}/"),
        outsider.post(f"/api/claims/{claim.pk}/review/", {"verdict": "approve", "version": 1}, format="json"),
    ):
        assert response.status_code == 404
    assert Claim.objects.get(pk=claim.pk).status == "pending"


def test_author_edits_a_pending_claim_with_its_version(team, api):
    claim_id = create(api, team).json()["id"]
    response = api(team.annotator).patch(
        f"/api/claims/{claim_id}/",
        {"kind": "according_to", "start": 15, "end": 36, "text": "the border was closed", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    claim = response.json()
    assert (claim["kind"], claim["start"], claim["text"], claim["version"]) == (
        "according_to",
        15,
        "the border was closed",
        2,
    )
    assert claim["cue"]["text"] == "said" and claim["via"] == [team.global_times.pk]
    event = AuditEvent.objects.get(action="claim.edited")
    assert (event.before["kind"], event.after["kind"]) == ("indirect", "according_to")


def test_a_stale_version_gets_409_with_the_current_state(team, api):
    claim_id = create(api, team).json()["id"]
    client = api(team.annotator)
    assert (
        client.patch(f"/api/claims/{claim_id}/", {"kind": "direct", "version": 1}, format="json").status_code
        == 200
    )
    stale = client.patch(f"/api/claims/{claim_id}/", {"kind": "mixed", "version": 1}, format="json")
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    assert stale.json()["current"]["kind"] == "direct" and stale.json()["current"]["version"] == 2
    assert Claim.objects.get(pk=claim_id).kind == "direct"


def test_edits_need_the_version_and_refuse_bad_input_storing_nothing(team, api):
    claim_id = create(api, team).json()["id"]
    client = api(team.annotator)
    missing = client.patch(f"/api/claims/{claim_id}/", {"kind": "direct"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    moved = client.patch(f"/api/claims/{claim_id}/", {"start": 1, "version": 1}, format="json")
    assert moved.status_code == 400 and "it holds" in moved.json()["text"][0]
    assert Claim.objects.get(pk=claim_id).version == 1


def test_only_the_author_or_a_manager_edits_or_deletes(team, api):
    claim_id = create(api, team).json()["id"]
    url = f"/api/claims/{claim_id}/"
    for user in (team.second_annotator, team.reviewer):
        assert api(user).patch(url, {"kind": "direct", "version": 1}, format="json").status_code == 403
        assert api(user).delete(url).status_code == 403
    assert api(team.manager).patch(url, {"kind": "direct", "version": 1}, format="json").status_code == 200


def test_author_deletes_a_pending_claim(team, api):
    claim_id = create(api, team).json()["id"]
    assert api(team.annotator).delete(f"/api/claims/{claim_id}/?version=1").status_code == 204
    assert not Claim.objects.exists()
    assert (
        AuditEvent.objects.get(action="claim.deleted").before["text"]
        == "Officials said the border was closed."
    )


def test_a_reviewed_claim_stays_on_record(team, api):
    claim_id = create(api, team).json()["id"]
    api(team.reviewer).post(
        f"/api/claims/{claim_id}/review/", {"verdict": "reject", "version": 1}, format="json"
    )
    api(team.reviewer).post(
        f"/api/claims/{claim_id}/review/", {"verdict": "reopen", "version": 2}, format="json"
    )
    response = api(team.annotator).delete(f"/api/claims/{claim_id}/?version=3")
    assert response.status_code == 409 and "reject it instead" in response.json()["detail"]
    assert ClaimReview.objects.filter(claim_id=claim_id).count() == 2


def test_approved_claims_cannot_be_edited(team, api):
    claim_id = create(api, team).json()["id"]
    api(team.reviewer).post(
        f"/api/claims/{claim_id}/review/", {"verdict": "approve", "version": 1}, format="json"
    )
    response = api(team.annotator).patch(
        f"/api/claims/{claim_id}/", {"kind": "direct", "version": 2}, format="json"
    )
    assert response.status_code == 409
    assert "only pending and rejected claims change" in response.json()["detail"]
    assert Claim.objects.get(pk=claim_id).kind == "indirect"


def reject(api, team, claim_id, version=1, comment="the cue is wrong"):
    body = {"verdict": "reject", "version": version, "comment": comment}
    return api(team.reviewer).post(f"/api/claims/{claim_id}/review/", body, format="json")


def test_the_author_revises_a_rejected_claim_which_goes_back_for_review(team, api):
    claim_id = create(api, team).json()["id"]
    reject(api, team, claim_id)
    response = api(team.annotator).patch(
        f"/api/claims/{claim_id}/", {"cue": None, "version": 2}, format="json"
    )
    assert response.status_code == 200, response.json()
    revised = response.json()
    assert (revised["status"], revised["version"], revised["cue"]) == ("pending", 3, None)
    assert [review["verdict"] for review in revised["reviews"]] == ["reject"]
    edit = AuditEvent.objects.get(action="claim.edited")
    assert (edit.before["status"], edit.after["status"]) == ("rejected", "pending")
    history = api(team.annotator).get(f"/api/claims/{claim_id}/history/").json()
    assert history[-1]["summary"] == "revised after its rejection, for review again: cue"
    approve = {"verdict": "approve", "version": 3}
    assert (
        api(team.reviewer).post(f"/api/claims/{claim_id}/review/", approve, format="json").status_code == 200
    )


@pytest.mark.parametrize(
    "resent",
    [
        {},
        {"kind": "indirect", "cue": {"start": 10, "end": 14}},
        {"mentions": [{"start": 0, "end": 9}], "via": "global_times"},
    ],
    ids=["nothing", "the same kind and cue", "the same mentions and relay chain"],
)
def test_a_rejected_claim_sent_back_unchanged_stays_rejected(team, api, resent):
    claim_id = create(api, team).json()["id"]
    reject(api, team, claim_id)
    if "via" in resent:
        resent = {**resent, "via": [getattr(team, resent["via"]).pk]}
    response = api(team.annotator).patch(f"/api/claims/{claim_id}/", {**resent, "version": 2}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"claim {claim_id} was rejected: change its words, source")
    assert "ask a reviewer to reopen it" in response.json()["detail"]
    assert response.json()["current"]["status"] == "rejected"
    claim = Claim.objects.get(pk=claim_id)
    assert (claim.status, claim.version) == ("rejected", 2)
    assert not AuditEvent.objects.filter(action="claim.edited").exists()


def test_a_rejected_machine_suggestion_is_not_revised(team, api):
    suggestion = ClaimFactory(
        document=team.document, source=team.officials, status="suggested", origin="machine", created_by=None
    )
    assert reject(api, team, suggestion.pk).status_code == 200
    response = api(team.manager).patch(
        f"/api/claims/{suggestion.pk}/", {"kind": "direct", "version": 2}, format="json"
    )
    assert response.status_code == 409
    assert "a rejected machine suggestion" in response.json()["detail"]
    assert Claim.objects.get(pk=suggestion.pk).status == "rejected"


def test_a_rejected_claim_of_an_adjudicated_document_stays_as_decided(team, api):
    claim_id = create(api, team).json()["id"]
    reject(api, team, claim_id)
    assert api(team.reviewer).post(f"/api/documents/{team.document.pk}/adjudicate/").status_code == 200
    response = api(team.annotator).patch(
        f"/api/claims/{claim_id}/", {"kind": "direct", "version": 2}, format="json"
    )
    assert response.status_code == 409
    assert "document has been adjudicated: its claims stay as decided" in response.json()["detail"]
    assert Claim.objects.get(pk=claim_id).status == "rejected"


def test_claim_list_queries_do_not_grow_with_page_size(team, api):
    for n in range(30):
        document = DocumentFactory(project=team.project, text=f"{team.document.text} {n}")
        claim = ClaimFactory(document=document, source=team.officials, cue_start=10, cue_end=14)
        claim.mentions.create(source=team.officials, start=0, end=9)
        claim.relays.create(source=team.global_times, position=0)
        ClaimReview.objects.create(claim=claim, reviewer=team.reviewer, verdict="reject")
    client = api(team.annotator)
    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as queries:
            results = client.get("/api/claims/", {"page_size": size}).json()["results"]
        assert len(results) == size and results[0]["reviews"][0]["by"] == team.reviewer.username
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_creating_a_claim_reads_nothing_back_to_answer(team, api):
    """Two lookups (the document; the source, mentions' and relays' sources together), the
    writes in one transaction, and no query after."""
    client = api(team.annotator)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/claims/", claim_body(team), format="json")
    assert response.status_code == 201
    assert [m["text"] for m in response.json()["mentions"]] == ["Officials"]
    statements = [query["sql"].split()[0] for query in queries.captured_queries]
    assert statements == ["SELECT"] * 2 + ["SAVEPOINT"] + ["INSERT"] * 4 + ["RELEASE"]


def test_an_edit_and_a_review_cost_the_same_however_many_mentions_and_reviews(team, api):
    """The permission check reads one row, the change locks the claim with its document, and
    the answer reads only the reviews: nothing a row of the claim's relations."""

    def counted(user, method, url, body) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = getattr(api(user), method)(url, body, format="json")
        assert response.status_code == 200, response.content
        return len(queries.captured_queries)

    few = api(team.annotator).post("/api/claims/", claim_body(team), format="json").json()
    many_mentions = [{"start": 0, "end": 9}, {"start": 10, "end": 14}, {"start": 15, "end": 18}]
    many = api(team.annotator).post("/api/claims/", claim_body(team, mentions=many_mentions), format="json")
    many = many.json()
    edits = [
        counted(team.annotator, "patch", f"/api/claims/{claim['id']}/", {"version": 1, "kind": "direct"})
        for claim in (few, many)
    ]
    assert edits[0] == edits[1] <= 13
    for version in (2, 3, 4):  # reject, reopen, reject: reviews pile up on one of them
        verdict = "reopen" if version == 3 else "reject"
        counted(
            team.reviewer,
            "post",
            f"/api/claims/{many['id']}/review/",
            {"verdict": verdict, "version": version},
        )
    counted(team.reviewer, "post", f"/api/claims/{many['id']}/review/", {"verdict": "reopen", "version": 5})
    reviews = [
        counted(
            team.reviewer, "post", f"/api/claims/{claim['id']}/review/", {"verdict": "approve", "version": v}
        )
        for claim, v in ((few, 2), (many, 6))
    ]
    assert reviews[0] == reviews[1] <= 14  # an approval also asks whether the reviewer edited the claim


def test_an_adjudication_merge_naming_a_claim_past_64_bits_is_refused_by_name(team, api):
    claim_id = create(api, team).json()["id"]
    body = {"version": 1, "others": [{"id": 2**70, "version": 1}]}
    response = api(team.reviewer).post(f"/api/claims/{claim_id}/merge/", body, format="json")
    assert response.status_code == 400
    assert "less than or equal to" in json.dumps(response.json()["others"])
    assert Claim.objects.get(pk=claim_id).status == "pending"


@pytest.mark.parametrize("named_twice", ["another", "this one"])
def test_an_adjudication_merge_naming_a_claim_twice_is_refused(team, api, named_twice):
    lead = create(api, team).json()
    other = create(api, team, user=team.reviewer, kind="direct").json()
    twice = other["id"] if named_twice == "another" else lead["id"]
    others = [{"id": other["id"], "version": 1}, {"id": twice, "version": 1}]
    body = {"version": 1, "others": others}
    response = api(team.manager).post(f"/api/claims/{lead['id']}/merge/", body, format="json")
    assert (response.status_code, response.json()) == (400, {"others": [f"claim {twice} is named twice"]})
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_a_stale_adjudication_merge_answers_409_showing_the_claim_that_moved_on(team, api):
    lead = create(api, team).json()
    other = create(api, team, user=team.reviewer, kind="direct").json()
    body = {"version": 1, "others": [{"id": other["id"], "version": 7}]}
    response = api(team.manager).post(f"/api/claims/{lead['id']}/merge/", body, format="json")
    assert response.status_code == 409
    assert (response.json()["current"]["id"], response.json()["current"]["version"]) == (other["id"], 1)
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_an_adjudication_merge_is_refused_to_the_author_of_a_claim_merged(team, api):
    """Take is refused to a claim's author; merging it would approve their reading all the same."""
    own = create(api, team, user=team.reviewer).json()
    other = create(api, team, kind="direct").json()
    body = {"version": 1, "others": [{"id": other["id"], "version": 1}]}
    response = api(team.reviewer).post(
        f"/api/claims/{other['id']}/merge/",
        body | {"others": [{"id": own["id"], "version": 1}]},
        format="json",
    )
    assert response.status_code == 403
    assert f"claim {own['id']} is yours" in response.json()["detail"]
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_an_adjudication_merge_of_claims_over_other_words_is_refused_by_name(team, api):
    lead = create(api, team).json()
    words = team.document.text[38:]
    later = {"start": 38, "end": 38 + len(words), "text": words, "cue": None, "mentions": []}
    elsewhere = create(api, team, user=team.reviewer, **later).json()
    body = {"version": 1, "others": [{"id": elsewhere["id"], "version": 1}], "source": team.officials.pk}
    response = api(team.manager).post(f"/api/claims/{lead['id']}/merge/", body, format="json")
    assert response.status_code == 400
    assert "do not overlap" in response.json()["others"][0]
    assert Claim.objects.count() == 2 and not ClaimReview.objects.exists()


def test_an_edit_that_changes_nothing_stores_nothing_and_leaves_the_editor_free_to_approve(team, api):
    claim = create(api, team).json()
    same = {"version": 1, "source": team.officials.pk, "mentions": [{"start": 0, "end": 9}]}
    for body in ({"version": 1}, same):
        response = api(team.manager).patch(f"/api/claims/{claim['id']}/", body, format="json")
        assert response.status_code == 200
        assert (response.json()["version"], response.json()["via"]) == (1, [team.global_times.pk])
    assert not AuditEvent.objects.filter(action="claim.edited").exists()
    review = {"verdict": "approve", "version": 1}
    approved = api(team.manager).post(f"/api/claims/{claim['id']}/review/", review, format="json")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")


def test_an_adjudicated_document_takes_no_new_claims_by_hand_or_machine(team, api):
    suggestion = ClaimFactory(
        document=team.document, source=team.officials, status="suggested", origin="machine", created_by=None
    )
    assert api(team.reviewer).post(f"/api/documents/{team.document.pk}/adjudicate/").status_code == 200
    # the suggestion nobody took went with the adjudication
    accepted = api(team.annotator).post(f"/api/claims/{suggestion.pk}/accept/", {"version": 1}, format="json")
    assert accepted.status_code == 404
    settled = (
        f"document {team.document.pk} has been adjudicated: its claims are settled, it takes no new ones"
    )
    refused = [create(api, team), api(team.annotator).post(f"/api/documents/{team.document.pk}/suggest/")]
    assert [(r.status_code, r.json()["detail"]) for r in refused] == [(409, settled)] * 2
    assert not Claim.objects.exists()


def test_a_project_suggestion_job_passes_over_adjudicated_documents(team, api):
    open_document = DocumentFactory(project=team.project, text=f"{team.document.text} Again.")
    assert api(team.reviewer).post(f"/api/documents/{team.document.pk}/adjudicate/").status_code == 200
    job = jobs.start_job(team.project, "suggest_project", {}, actor=team.reviewer, in_process=True)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["documents"]) == ("succeeded", 1)
    assert set(Claim.objects.values_list("document_id", flat=True)) == {open_document.pk}
