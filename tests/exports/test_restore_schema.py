"""A malformed export is refused before anything is written, with one message per problem
that says where it is (the document and claim by their exported ids, a review or mention by
its position) and what it is. Each case corrupts a real export of the annotated project."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from claims.exports import ExportQuery, export
from claims.exports.restore import restore_json
from claims.exports.restore_schema import MAX_PROBLEMS
from claims.models import AuditEvent, Document, Source
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def exported(project) -> dict:
    return json.loads("".join(export(ExportQuery(project=project), "json")))


def refused(data: dict) -> dict[str, list[str]]:
    """The problems restoring data reports; nothing of it may stay in the database."""
    target = ProjectFactory()
    users_before = get_user_model().objects.count()
    with pytest.raises(ValidationError) as error:
        restore_json(target, data)
    assert not Source.objects.filter(project=target).exists()
    assert not Document.objects.filter(project=target).exists()
    assert not AuditEvent.objects.filter(project=target).exists()
    assert get_user_model().objects.count() == users_before
    return error.value.message_dict


# The parts of the export a case corrupts: the first document is the border article, whose
# first claim (Liu's) has a cue, a mention, a relay chain and two reviews.
PARTS = {
    "export": lambda data: data,
    "project": lambda data: data["project"],
    "source": lambda data: data["sources"][0],
    "document": lambda data: data["documents"][0],
    "claim": lambda data: data["documents"][0]["claims"][0],
    "cue": lambda data: data["documents"][0]["claims"][0]["cue"],
    "mention": lambda data: data["documents"][0]["claims"][0]["mentions"][0],
    "review": lambda data: data["documents"][0]["claims"][0]["reviews"][0],
}

# Where the message of each part says the problem is: a source, document or claim by its
# exported id (by its position once the id is gone), a mention or review by its position.
PLACES = {
    "export": "export",
    "project": "project",
    "source": "{source}",
    "document": "{document}",
    "claim": "{document}, {claim}",
    "cue": "{document}, {claim}, cue",
    "mention": "{document}, {claim}, mention 0",
    "review": "{document}, {claim}, review 0",
}

# The header is checked apart, and a span's text is there for readers: the restore checks
# it when it is there.
OPTIONAL_KEYS = {"export": {"format", "version"}, "cue": {"text"}, "mention": {"text"}}


def place_of(part: str, data: dict, *, id_broken: bool = False) -> str:
    """Where a problem of part is said to be, read from the export before it is corrupted; a
    record whose own id is broken is named by its position."""
    document = data["documents"][0]
    ids = {
        "source": data["sources"][0]["id"],
        "document": document["id"],
        "claim": document["claims"][0]["id"],
    }
    names = {kind: f"{kind} {record_id}" for kind, record_id in ids.items()}
    if id_broken:
        names[part] = f"{part} at index 0"
    return PLACES[part].format(**names)


@pytest.mark.parametrize("part", PARTS)
def test_every_missing_key_is_named_with_its_place(annotated, part):
    for key in PARTS[part](exported(annotated.project)):
        if key in OPTIONAL_KEYS.get(part, ()):
            continue
        data = exported(annotated.project)
        place = place_of(part, data, id_broken=key == "id")
        del PARTS[part](data)[key]
        assert refused(data) == {place: [f"missing field {key!r}"]}, key


@pytest.mark.parametrize(
    ("part", "key", "value", "message"),
    [
        # strings for integers, integers for strings
        ("claim", "start", "x", "start must be an integer, not 'x'"),
        ("claim", "end", "12", "end must be an integer, not '12'"),
        ("claim", "source", 1.5, "source must be an integer, not 1.5"),
        ("claim", "id", True, "id must be an integer, not true"),
        ("claim", "text", 3, "text must be a string, not 3"),
        ("claim", "created_by", 7, "created_by must be a string, not 7"),
        ("document", "title", 3, "title must be a string, not 3"),
        ("document", "id", "3", "id must be an integer, not '3'"),
        ("source", "name", ["Liu"], "name must be a string, not a list"),
        ("source", "affiliation", "none", "affiliation must be an integer, not 'none'"),
        ("project", "slug", 5, "slug must be a string, not 5"),
        ("mention", "source", "Liu", "source must be an integer, not 'Liu'"),
        ("cue", "start", None, "start must not be null"),
        ("review", "comment", None, "comment must not be null"),
        ("review", "by", {"username": "rev"}, "by must be a string, not an object"),
        # null where a value is required
        ("claim", "kind", None, "kind must not be null"),
        ("document", "text", None, "text must not be null"),
        ("source", "aliases", None, "aliases must not be null"),
        ("export", "documents", None, "documents must not be null"),
        # lists for objects and objects for lists
        ("export", "sources", {}, "sources must be a list, not an object"),
        ("export", "project", [], "project must be an object, not a list"),
        ("document", "claims", {"0": {}}, "claims must be a list, not an object"),
        ("claim", "cue", [3, 7], "cue must be an object, not a list"),
        ("claim", "mentions", "Liu Huaming", "mentions must be a list, not 'Liu Huaming'"),
        ("claim", "via", 4, "via must be a list, not 4"),
        ("claim", "reviews", {}, "reviews must be a list, not an object"),
        # unknown choices
        (
            "claim",
            "kind",
            "quote",
            "kind must be one of 'direct', 'indirect', 'mixed', 'according_to', 'author', not 'quote'",
        ),
        (
            "claim",
            "status",
            "done",
            "status must be one of 'suggested', 'pending', 'approved', 'rejected', not 'done'",
        ),
        ("claim", "origin", "robot", "origin must be one of 'human', 'machine', 'merged', not 'robot'"),
        ("review", "verdict", "ok", "verdict must be one of 'approve', 'reject', 'reopen', not 'ok'"),
        (
            "source",
            "kind",
            "",
            "kind must be one of 'outlet', 'person', 'organisation', 'group', "
            "'document', 'anonymous', not ''",
        ),
        # bad times and dates
        ("claim", "created_at", "yesterday", "created_at must be an ISO 8601 date and time, not 'yesterday'"),
        (
            "claim",
            "created_at",
            "2024-02-30T10:00:00Z",
            "created_at must be an ISO 8601 date and time, not '2024-02-30T10:00:00Z'",
        ),
        ("review", "at", 1714550000, "at must be an ISO 8601 date and time, not 1714550000"),
        ("export", "exported_at", "", "exported_at must be an ISO 8601 date and time, not ''"),
        ("document", "published_on", "1 May 2024", "published_on must be an ISO 8601 date, not '1 May 2024'"),
        # values of the right type that cannot be
        ("claim", "start", -1, "start must be at least 0, not -1"),
        ("cue", "end", 0, "end must be after start ({start}), not 0"),
        ("document", "title", "  ", "title must not be blank"),
        ("review", "by", "", "by must not be blank"),
    ],
)
def test_a_wrong_value_is_named_with_its_place(annotated, part, key, value, message):
    data = exported(annotated.project)
    corrupted = PARTS[part](data)
    message = message.format(start=corrupted.get("start"))
    place = place_of(part, data, id_broken=key == "id")
    corrupted[key] = value
    assert refused(data) == {place: [message]}


def test_a_wrong_item_of_a_list_is_named_by_its_position(annotated):
    data = exported(annotated.project)
    claim = PARTS["claim"](data)
    claim["via"].append("Global Times")
    data["sources"][0]["aliases"] = ["Liu", 5]
    where = place_of("claim", data)
    assert refused(data) == {
        f"source {data['sources'][0]['id']}": ["aliases[1] must be a string, not 5"],
        where: ["via[1] must be an integer, not 'Global Times'"],
    }


def test_a_record_that_is_not_an_object_or_has_no_id_is_named_by_its_position(annotated):
    data = exported(annotated.project)
    document = data["documents"][0]
    document["claims"][1] = "a claim"
    del document["claims"][0]["id"]
    data["documents"][2] = None
    assert refused(data) == {
        f"document {document['id']}": ["claims[1] must be an object, not 'a claim'"],
        f"document {document['id']}, claim at index 0": ["missing field 'id'"],
        "export": ["documents[2] must not be null"],
    }


def test_a_human_claim_without_its_author_is_refused_by_name(annotated):
    data = exported(annotated.project)
    PARTS["claim"](data)["created_by"] = None
    assert refused(data) == {
        place_of("claim", data): ["created_by must name who made the claim, as its origin is 'human'"]
    }


def test_the_machine_s_claim_may_have_no_author(annotated):
    data = exported(annotated.project)
    machine = data["documents"][1]["claims"][0]
    assert (machine["origin"], machine["created_by"]) == ("machine", None)
    restore_json(ProjectFactory(), data)  # nothing refused


def test_keys_the_format_does_not_declare_are_ignored(annotated):
    data = exported(annotated.project)
    PARTS["claim"](data)["colour"] = "red"
    data["comment"] = "edited by hand"
    restore_json(ProjectFactory(), data)


def test_every_problem_is_reported_up_to_a_limit(annotated):
    data = exported(annotated.project)
    claim = PARTS["claim"](data)
    claim["start"], claim["kind"] = "x", "quote"
    del claim["reviews"][1]["by"]
    problems = refused(data)
    assert problems[place_of("claim", data)][0] == "start must be an integer, not 'x'"
    assert problems[place_of("claim", data)][1].startswith("kind must be one of")
    assert problems[place_of("claim", data) + ", review 1"] == ["missing field 'by'"]

    data = exported(annotated.project)
    data["sources"] = [{"id": number} for number in range(10)]
    problems = refused(data)
    shown = sum(len(messages) for messages in problems.values())
    assert shown == MAX_PROBLEMS + 1
    assert problems["export"] == [f"and {10 * 5 - MAX_PROBLEMS} more problems"]
