"""Demo claims written as quotes rather than offsets (fixtures/demo_claims.json), placed on
the documents they quote and stored through the services like any other claim."""

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import services
from claims.models import Claim, Project, Source

DEMO_FORMAT = "demo-claims"


@transaction.atomic
def load_demo_claims(project: Project, entries: list[dict], *, actor) -> int:
    """Store each entry's claim unless the same span is already claimed for the same source;
    returns how many were stored."""
    documents = {document.title: document for document in project.documents.all()}
    created = 0
    for index, entry in enumerate(entries):
        try:
            created += _load_entry(project, documents, entry, actor)
        except (KeyError, ValueError) as error:
            raise ValidationError({f"claims[{index}]": str(error)}) from error
    return created


def _load_entry(project: Project, documents: dict, entry: dict, actor) -> bool:
    document = documents.get(entry["document"])
    if document is None:
        raise ValueError(f"no document titled {entry['document']!r}")
    start = _only_occurrence(document.text, entry["text"])
    end = start + len(entry["text"])
    source = _source(project, entry["source"])
    if Claim.objects.filter(document=document, start=start, end=end, source=source).exists():
        return False
    services.create_claim(
        document,
        start=start,
        end=end,
        text=entry["text"],
        kind=entry["kind"],
        source=source,
        cue=_nearest(document.text, entry["cue"], start, end) if entry.get("cue") else None,
        mentions=[
            services.MentionSpan(*_nearest(document.text, m, start, end)) for m in entry.get("mentions", [])
        ],
        via=[_source(project, name) for name in entry.get("via", [])],
        actor=actor,
    )
    return True


def _only_occurrence(text: str, quote: str) -> int:
    start = text.find(quote)
    if start == -1:
        raise ValueError(f"{quote[:60]!r} is not in the document")
    if text.find(quote, start + 1) != -1:
        raise ValueError(f"{quote[:60]!r} occurs more than once in the document")
    return start


def _nearest(text: str, words: str, start: int, end: int) -> tuple[int, int]:
    """The occurrence of words closest to the span [start, end), outside or inside it."""
    occurrences = []
    position = text.find(words)
    while position != -1:
        distance = max(start - (position + len(words)), position - end, 0)
        occurrences.append((distance, position))
        position = text.find(words, position + 1)
    if not occurrences:
        raise ValueError(f"{words!r} is not in the document")
    _, position = min(occurrences)
    return position, position + len(words)


def _source(project: Project, name: str) -> Source:
    alias = services.find_alias(project, name)
    if alias is None:
        raise ValueError(f"no source named {name!r} in the registry")
    return alias.source
