"""The ``w3c`` format: the claims as a W3C Web Annotation Data Model ``AnnotationCollection``
(JSON-LD, https://www.w3.org/TR/annotation-model/), every annotation in one embedded page.

Each claim is an ``Annotation`` motivated by ``classifying``: it classifies a span of the
article as a claim attributed to a source. Its bodies, each with a ``purpose`` from the model:

- the source, as a ``SpecificResource`` with purpose ``tagging`` whose ``source`` is the
  registry entry's IRI, labelled with its name (a semantic tag);
- the attribution kind (``direct``, ``indirect``, ...), a ``TextualBody`` for ``classifying``;
- the review status (``pending``, ``approved``, ...), a ``TextualBody`` for ``moderating``;
- the cue words, a segment of the document for ``describing`` (how the claim is attributed);
- each mention, a segment of the document for ``identifying``, whose ``names`` is the registry
  entry it names (the model has no term for that, so the annotation's context adds this one);
- each outlet of the relay chain, its registry entry for ``linking``, with ``relayPosition``
  its place in the chain (1 for the outlet nearest the source; a term of ours, see below);
- each review, in order: its verdict (``approve``, ``reject``, ``reopen``) a ``TextualBody``
  for ``assessing`` and its comment, if any, one for ``commenting``, both with the reviewer as
  ``creator`` and the time as ``created``.

The target is the span: a ``SpecificResource`` on the document's text (its plain-text IRI,
``/api/documents/{id}/text/``, which the selectors count in) with two selectors of the
same segment, a ``TextQuoteSelector`` (exact text and up to 32 characters either side) and a
``TextPositionSelector`` counting code points, as the model requires and Python indexes. The
cue and mention bodies are segments of the same shape.

The relay chain's order is data, not the order of the ``body`` array: JSON-LD reads an array
as an unordered set unless its term is declared ``"@container": "@list"``, and anno.jsonld does
not declare ``body`` so (redeclaring it would turn ``oa:hasBody`` into an RDF list, which no
Web Annotation client expects). So each relay body states its position as an
``xsd:positiveInteger``, which survives expansion, flattening and conversion to RDF, where the
array's order does not; a client sorts the ``linking`` bodies by it.

The collection's ``first`` page is embedded and its items are streamed. ``total`` is counted
while streaming, so it always equals the items written; an empty collection has no page, as
a page must hold at least one annotation. Each item repeats the ``@context`` so that it stands
on its own as an annotation document.
"""

from collections.abc import Iterator
from urllib.parse import urlencode

from claims.exports import ExportFormat, ExportQuery
from claims.exports.batches import LoadedClaim, ReviewRow, SourceRef, document_batches, iso_utc
from claims.exports.json_export import dumps

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The terms of ours: the registry entry a mention names, and a relay's place in the chain. Not
# addresses: nothing to fetch.
ANNOTATION_CONTEXT = [
    ANNO_CONTEXT,
    {
        "names": {"@id": "urn:claim-annotator:names", "@type": "@id"},
        "relayPosition": {
            "@id": "urn:claim-annotator:relayPosition",
            "@type": "http://www.w3.org/2001/XMLSchema#positiveInteger",
        },
    },
]
MEDIA_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
QUOTE_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


def write(query: ExportQuery) -> Iterator[str]:
    collection_id = collection_iri(query)
    page_id = f"{collection_id}#page-1"  # the one page lives inside the collection document
    collection = {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Claims of {query.project.name}",
    }
    page_head = {"id": page_id, "type": "AnnotationPage", "partOf": collection_id, "startIndex": 0}
    # Closing braces and "total" wait until the streamed items have been counted.
    yield dumps(collection)[:-1]
    total = 0
    for batch in document_batches(query, only_with_claims=True):
        items = [annotation(query, document, claim) for document, claim in batch.each_claim()]
        if not items:  # its claims went between two queries: the page must not open empty
            continue
        opening = (', "first": ' + dumps(page_head)[:-1] + ', "items": [') if total == 0 else ", "
        yield opening + ", ".join(map(dumps, items))
        total += len(items)
    end_of_page = f']}}, "last": {dumps(page_id)}' if total else ""
    yield end_of_page + f', "total": {total}}}\n'


def collection_iri(query: ExportQuery) -> str:
    filters = [("format", "w3c"), *(("status", status) for status in query.statuses)]
    if query.source_id is not None:
        filters.append(("source", query.source_id))
    if query.document_id is not None:
        filters.append(("document", query.document_id))
    return f"{query.base_url}api/projects/{query.project.pk}/export/?{urlencode(filters)}"


def annotation(query: ExportQuery, document: dict, claim: LoadedClaim) -> dict:
    base = query.base_url
    segment = _segments(f"{base}api/documents/{document['id']}/text/", document["text"])
    cue = [{"purpose": "describing", **segment(*claim.cue)}] if claim.cue else []
    mentions = [
        {"purpose": "identifying", **segment(m.start, m.end), "names": f"{base}api/sources/{m.source_id}/"}
        for m in claim.mentions
    ]
    relays = [
        {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": _entry(base, s),
            "relayPosition": position,
        }
        for position, s in enumerate(claim.via, start=1)
    ]
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": f"{base}api/claims/{claim.id}/",
        "type": "Annotation",
        "motivation": "classifying",
        "created": iso_utc(claim.created_at),
        "creator": _creator(claim.created_by),
        "body": [
            {"type": "SpecificResource", "purpose": "tagging", "source": _entry(base, claim.source)},
            _textual("classifying", claim.kind),
            _textual("moderating", claim.status),
            *cue,
            *mentions,
            *relays,
            *(body for review in claim.reviews for body in _review_bodies(review)),
        ],
        "target": segment(claim.start, claim.end),
    }


def _segments(document_iri: str, text: str):
    """Makes the SpecificResource of a span of the document, by both of its selectors."""

    def segment(start: int, end: int) -> dict:
        selectors = [
            text_quote_selector(text, start, end),
            {"type": "TextPositionSelector", "start": start, "end": end},
        ]
        return {"type": "SpecificResource", "source": document_iri, "selector": selectors}

    return segment


def _entry(base: str, source: SourceRef) -> dict:
    return {"id": f"{base}api/sources/{source.id}/", "label": source.name}


def _textual(purpose: str, value: str, **more) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain", **more}


def _review_bodies(review: ReviewRow) -> list[dict]:
    by = {"creator": _creator(review.by), "created": iso_utc(review.at)}
    verdict = _textual("assessing", review.verdict, **by)
    return [verdict, _textual("commenting", review.comment, **by)] if review.comment else [verdict]


def text_quote_selector(text: str, start: int, end: int) -> dict:
    around = {
        "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
        "suffix": text[end : end + QUOTE_CONTEXT],
    }
    # the model's prefix and suffix are snippets of text: none at the document's start or end
    return {"type": "TextQuoteSelector", "exact": text[start:end], **{k: v for k, v in around.items() if v}}


def _creator(username: str | None) -> dict:
    """The API publishes no user pages, so a person is named by nickname, without an IRI."""
    if username is None:  # a machine suggestion nobody has claimed as theirs
        return {"type": "Software", "name": "claim annotator suggestions"}
    return {"type": "Person", "nickname": username}


FORMAT = ExportFormat(name="w3c", media_type=MEDIA_TYPE, extension="jsonld", write=write)
