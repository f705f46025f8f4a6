"""The shape of a ``json`` export (claims.exports.json_export), checked whole before
``claims.exports.restore`` writes anything.

An export is a file a person may have edited, so a wrong type, a missing key or an unknown
value must come back as a message that says where it is and what is wrong ("document 3,
claim 17: start must be an integer, not 'x'"), rather than as a KeyError deep in the restore.
The shape is declared once, as DRF serializers, and every problem is reported, up to
``MAX_PROBLEMS``, keyed by where it is: records by their exported id (sources, documents and
claims) or their position (mentions and reviews, which have no id).

The fields are strict: JSON gives each value its type, so "3" is not an integer here and 3
is not a string, where DRF's own fields would convert them.
"""

from collections.abc import Iterator, Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers
from rest_framework.settings import api_settings

from claims.models import AttributionKind, ClaimStatus, Origin, SourceKind, Verdict

MAX_PROBLEMS = 20

# The wording of the two problems DRF detects itself, before a field sees the value.
EMPTY_VALUE_MESSAGES = {"required": "missing", "null": "must not be null"}


def check_export_shape(data: Mapping) -> None:
    """Raise a ValidationError keyed by place ("document 3, claim 17") when data does not have
    the shape of an export; return nothing when it has."""
    schema = ExportSchema(data=data)
    if schema.is_valid():
        return
    problems = list(_problems(schema.errors))
    by_place: dict[str, list[str]] = {}
    for path, detail in problems[:MAX_PROBLEMS]:
        place, message = describe_problem(path, detail, data)
        by_place.setdefault(place, []).append(message)
    if len(problems) > MAX_PROBLEMS:
        by_place.setdefault("export", []).append(f"and {len(problems) - MAX_PROBLEMS} more problems")
    raise DjangoValidationError(by_place)


def shown(value) -> str:
    """A value as the export spells it, short enough for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


# Values -----------------------------------------------------------------------------------


class _Value(serializers.Field):
    """A JSON value of type ``json_type``; ``expected`` names it in the message."""

    default_error_messages = EMPTY_VALUE_MESSAGES
    json_type: type
    expected: str

    def accepts(self, value) -> bool:
        # bool is an int to Python, not to JSON
        return isinstance(value, self.json_type) and not isinstance(value, bool)

    def to_internal_value(self, data):
        if not self.accepts(data):
            raise serializers.ValidationError(f"must be {self.expected}, not {shown(data)}", code="invalid")
        return data

    def to_representation(self, value):
        return value


class Integer(_Value):
    json_type, expected = int, "an integer"

    def __init__(self, *, min_value: int | None = None, **kwargs):
        self.min_value = min_value
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if self.min_value is not None and data < self.min_value:
            raise serializers.ValidationError(
                f"must be at least {self.min_value}, not {data}", code="min_value"
            )
        return data


class Text(_Value):
    json_type, expected = str, "a string"

    def __init__(self, *, blank: bool = True, **kwargs):
        self.blank = blank
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if not self.blank and not data.strip():
            raise serializers.ValidationError("must not be blank", code="blank")
        return data


class Choice(Text):
    def __init__(self, choices: type[models.TextChoices], **kwargs):
        self.values = list(choices.values)
        super().__init__(**kwargs)

    def accepts(self, value) -> bool:
        return value in self.values

    @property
    def expected(self) -> str:
        return "one of " + ", ".join(map(repr, self.values))


class _Parsed(Text):
    """A string of the form ``parse`` reads (it answers None for another form)."""

    parse: staticmethod

    def accepts(self, value) -> bool:
        # the parsers raise on a well-formed but impossible value (hour 25, February 30)
        try:
            return super().accepts(value) and self.parse(value) is not None
        except ValueError:
            return False


class Moment(_Parsed):
    parse, expected = staticmethod(parse_datetime), "an ISO 8601 date and time"


class Day(_Parsed):
    parse, expected = staticmethod(parse_date), "an ISO 8601 date"


class ValueList(serializers.ListField):
    """A list of plain values (a relay chain's source ids, a source's aliases)."""

    default_error_messages = EMPTY_VALUE_MESSAGES

    def to_internal_value(self, data):
        # ListField takes any iterable but a string or a mapping; JSON has only lists.
        if not isinstance(data, list):
            raise serializers.ValidationError(f"must be a list, not {shown(data)}", code="not_a_list")
        return super().to_internal_value(data)


# Records ----------------------------------------------------------------------------------


class _Records(serializers.ListSerializer):
    """A list of records, each checked, its problems keyed by position."""

    default_error_messages = EMPTY_VALUE_MESSAGES

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [f"must be a list, not {shown(data)}"]}, code="not_a_list"
            )
        errors = {}
        for index, item in enumerate(data):
            try:
                self.child.run_validation(item)
            except serializers.ValidationError as error:
                errors[index] = error.detail
        if errors:
            raise serializers.ValidationError(errors)
        # Nothing reads the validated copy: the restore reads the export as checked.
        return data


class _Record(serializers.Serializer):
    """A JSON object; the keys it does not declare are ignored."""

    default_error_messages = EMPTY_VALUE_MESSAGES

    class Meta:
        list_serializer_class = _Records

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [f"must be an object, not {shown(data)}"]}, code="invalid"
            )
        return super().to_internal_value(data)


class _Span(_Record):
    """Offsets into the document's text; the restore and the database check the text there."""

    start = Integer(min_value=0)
    end = Integer(min_value=0)

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError(
                {"end": f"must be after start ({attrs['start']}), not {attrs['end']}"}
            )
        return attrs


class ProjectSchema(_Record):
    id = Integer()
    slug = Text(blank=False)
    name = Text()


class SourceSchema(_Record):
    id = Integer()
    name = Text(blank=False)
    kind = Choice(SourceKind)
    aliases = ValueList(child=Text(blank=False))
    affiliation = Integer(allow_null=True)
    description = Text()


class CueSchema(_Span):
    text = Text(required=False)  # exported for readers; the restore checks it when present


class MentionSchema(_Span):
    text = Text(required=False)
    source = Integer()


class ReviewSchema(_Record):
    by = Text(blank=False)
    verdict = Choice(Verdict)
    comment = Text()
    at = Moment()


class ClaimSchema(_Span):
    id = Integer()
    text = Text(blank=False)
    kind = Choice(AttributionKind)
    status = Choice(ClaimStatus)
    origin = Choice(Origin)
    source = Integer()
    cue = CueSchema(allow_null=True)
    mentions = MentionSchema(many=True)
    via = ValueList(child=Integer())
    created_by = Text(blank=False, allow_null=True)
    created_at = Moment()
    reviews = ReviewSchema(many=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # The database refuses it too, but only as a broken constraint that names no claim.
        if attrs["origin"] != Origin.MACHINE and attrs["created_by"] is None:
            raise serializers.ValidationError(
                {"created_by": f"must name who made the claim, as its origin is {attrs['origin']!r}"}
            )
        return attrs


class DocumentSchema(_Record):
    id = Integer()
    title = Text(blank=False)
    outlet = Text()
    byline = Text()
    url = Text()
    published_on = Day(allow_null=True)
    sha256 = Text(blank=False)
    text = Text(blank=False)
    claims = ClaimSchema(many=True)


class ExportSchema(_Record):
    """The whole export; ``format`` and ``version`` are checked before, by the restore."""

    project = ProjectSchema()
    exported_at = Moment()
    sources = SourceSchema(many=True)
    documents = DocumentSchema(many=True)


# Messages ---------------------------------------------------------------------------------

# Lists of records, and what one of them is called; the first three carry an id to name them by.
RECORD_NAMES = {
    "sources": "source",
    "documents": "document",
    "claims": "claim",
    "mentions": "mention",
    "reviews": "review",
}
IDENTIFIED = {"sources", "documents", "claims"}


def _problems(errors, path: tuple = ()) -> Iterator[tuple[tuple, serializers.ErrorDetail]]:
    """Each problem in DRF's nested errors, with the path of keys and positions to it. A
    record's own problem (not an object, not a list) is DRF's non-field error: it is the
    problem of the key that holds the record."""
    if isinstance(errors, Mapping):
        for key, nested in errors.items():
            yield from _problems(nested, path if key == api_settings.NON_FIELD_ERRORS_KEY else (*path, key))
    elif isinstance(errors, list):
        for nested in errors:
            yield from _problems(nested, path)
    else:
        yield path, errors


def describe_problem(path: tuple, detail: serializers.ErrorDetail, data: Mapping) -> tuple[str, str]:
    """Where a problem is ("document 3, claim 17") and what it is ("start must be an
    integer, not 'x'"). The last key of the path (with its position, in a list) is the field;
    the keys before it are the records and objects that hold it."""
    if path and isinstance(path[-1], int):
        holders, field = path[:-2], f"{path[-2]}[{path[-1]}]"
    else:
        holders, field = path[:-1], path[-1]
    place = ", ".join(_holder_names(holders, data)) or "export"
    if detail.code == "required":
        return place, f"missing field {field!r}"
    return place, f"{field} {detail}"


def _holder_names(path: tuple, data) -> Iterator[str]:
    """The names of the records and objects along path: a record in a list by its id or its
    position, an object by its key ("cue")."""
    node, steps = data, list(path)
    while steps:
        key = steps.pop(0)
        node = node.get(key) if isinstance(node, Mapping) else None
        if steps and isinstance(steps[0], int):
            index = steps.pop(0)
            node = node[index] if isinstance(node, list) and index < len(node) else None
            yield _record_name(key, index, node)
        else:
            yield key


def _record_name(key: str, index: int, record) -> str:
    name = RECORD_NAMES.get(key, key)
    if key not in IDENTIFIED:
        return f"{name} {index}"
    record_id = record.get("id") if isinstance(record, Mapping) else None
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        return f"{name} {record_id}"
    return f"{name} at index {index}"
