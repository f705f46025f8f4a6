"""Restore a ``json`` export (claims.exports.json_export) into a project, in one transaction:
a problem anywhere writes nothing and raises a ValidationError that names it.

- The export's whole shape (every key, type and choice) is checked before anything is written
  (``claims.exports.restore_schema``), so what follows may read it without guarding each key.
- Sources go through ``services.create_source`` (so the canonical name is an alias row and
  the source is audited), parents before their affiliates. An exported source whose name
  already names a source of the project is that source: it is reused as it is.
- A document whose text (sha256) the project already has is not created again; the exported
  claims are attached to the existing one. A new document's ``raw`` is its text, as the
  export carries only the normalised text. Each document gets a ``document.restored`` audit
  row with its claim and review counts.
- Claims, their mentions and relay chains, and reviews are written directly, keeping their
  status, origin, creator and times: they restore history rather than make new decisions.
  The database's constraints and triggers still check every span and every project link;
  a span that starts or ends inside a character (claims.spans), which the tool never stores,
  is refused before anything is written.
- A claim the document already holds is not stored again, nor are its reviews, so restoring
  the same export twice adds nothing. Ids differ between databases, so a claim is known by
  what the export carries of its making (``_claim_key``): its span, its source, who made it
  (a person, or the machine) and when. Two annotators' claims on one span are two claims.
- A user named as creator or reviewer who does not exist is created inactive, with an
  unusable password, so the history keeps its names without opening an account.
"""

import hashlib
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from claims import services
from claims.exports.json_export import EXPORT_FORMAT_NAME, EXPORT_VERSION
from claims.exports.restore_schema import check_export_shape
from claims.models import Claim, ClaimRelay, ClaimReview, Document, Mention, Origin, Project, Source
from claims.spans import Span, character_cut


@dataclass(frozen=True)
class RestoreResult:
    documents: int  # documents created
    sources: int  # sources created
    claims: int  # claims created
    reviews: int  # reviews created
    documents_present: int = 0  # documents the project already had; their claims were attached
    sources_present: int = 0  # sources the registry already had under the same name
    claims_present: int = 0  # claims the project already had; left as they are
    reviews_present: int = 0  # the reviews of those claims, not stored again


@dataclass(frozen=True)
class ClaimsRestored:
    """What one document's exported claims came to."""

    claims: int = 0
    reviews: int = 0
    claims_present: int = 0
    reviews_present: int = 0

    def __add__(self, other: "ClaimsRestored") -> "ClaimsRestored":
        return ClaimsRestored(
            claims=self.claims + other.claims,
            reviews=self.reviews + other.reviews,
            claims_present=self.claims_present + other.claims_present,
            reviews_present=self.reviews_present + other.reviews_present,
        )


def restore_json(project: Project, data: dict, *, actor=None) -> RestoreResult:
    _check_header(data)
    check_export_shape(data)
    try:
        return _restore(project, data, actor)
    except (IntegrityError, DataError) as error:
        raise ValidationError(f"the export breaks a rule of the database: {error}") from error


def _check_header(data) -> None:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT_NAME:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ValidationError({"format": f"expected {EXPORT_FORMAT_NAME!r}, found {found!r}"})
    if data.get("version") != EXPORT_VERSION:
        raise ValidationError({"version": f"expected {EXPORT_VERSION}, found {data.get('version')!r}"})


@transaction.atomic
def _restore(project: Project, data: dict, actor) -> RestoreResult:
    sources, sources_created = _restore_sources(project, data["sources"], actor)
    users = services.placeholder_users(project, _usernames(data["documents"]), actor=actor)
    documents_created = 0
    total = ClaimsRestored()
    for entry in data["documents"]:
        document, created = _restore_document(project, entry)
        # A document just created holds no claims yet: no need to ask which it has.
        present = set() if created else _claim_keys(document)
        restored = _restore_claims(document, entry["claims"], sources, users, present)
        after = {"title": document.title, "sha256": document.sha256, "created": created, **asdict(restored)}
        services.record_audit(project.pk, actor, "document.restored", document, after=after)
        documents_created += created
        total += restored
    result = RestoreResult(
        documents=documents_created,
        sources=sources_created,
        documents_present=len(data["documents"]) - documents_created,
        sources_present=len(data["sources"]) - sources_created,
        **asdict(total),
    )
    after = {"from": data["project"]["slug"], "exported_at": data["exported_at"], **asdict(result)}
    services.record_audit(project.pk, actor, "project.restored", project, after=after)
    return result


# Sources ----------------------------------------------------------------------------------


def _restore_sources(project: Project, entries: list[dict], actor) -> tuple[dict[int, Source], int]:
    """The project's source for each exported source id, and how many were created."""
    restored: dict[int, Source] = {}
    created = 0
    for entry in _parents_first(entries):
        match = services.find_alias(project, entry["name"])
        if match is not None:
            restored[entry["id"]] = match.source
            continue
        affiliation = entry["affiliation"]
        restored[entry["id"]] = services.create_source(
            project,
            name=entry["name"],
            kind=entry["kind"],
            aliases=entry["aliases"],
            affiliation=restored[affiliation] if affiliation is not None else None,
            description=entry["description"],
            actor=actor,
        )
        created += 1
    return restored, created


def _parents_first(entries: list[dict]) -> list[dict]:
    listed = {entry["id"] for entry in entries}
    for entry in entries:
        if entry["affiliation"] is not None and entry["affiliation"] not in listed:
            raise ValidationError(
                {"sources": f"{entry['name']!r} is affiliated to source {entry['affiliation']}, not listed"}
            )
    ordered: list[dict] = []
    placed: set[int] = set()
    pending = entries
    while pending:
        ready = [entry for entry in pending if entry["affiliation"] in placed or entry["affiliation"] is None]
        if not ready:
            names = ", ".join(repr(entry["name"]) for entry in pending)
            raise ValidationError({"sources": f"affiliations form a cycle among {names}"})
        ordered.extend(ready)
        placed.update(entry["id"] for entry in ready)
        pending = [entry for entry in pending if entry["id"] not in placed]
    return ordered


def _source(sources: dict[int, Source], source_id: int, where: str) -> Source:
    if source_id not in sources:
        raise ValidationError({where: f"names source {source_id!r}, which the export does not list"})
    return sources[source_id]


# Users ------------------------------------------------------------------------------------


def _usernames(documents: list[dict]) -> set[str]:
    names = set()
    for document in documents:
        for claim in document["claims"]:
            if claim["created_by"] is not None:
                names.add(claim["created_by"])
            names.update(review["by"] for review in claim["reviews"])
    return names


# Documents, claims and reviews ------------------------------------------------------------


def _restore_document(project: Project, entry: dict) -> tuple[Document, bool]:
    text = entry["text"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry["sha256"]:
        raise ValidationError(
            {"documents": f"document {entry['id']} ({entry['title']!r}): sha256 does not match its text"}
        )
    existing = Document.objects.filter(project=project, sha256=entry["sha256"]).first()
    if existing is not None:
        return existing, False
    document = Document(
        project=project,
        title=entry["title"],
        text=text,
        raw=text,
        outlet=entry["outlet"],
        byline=entry["byline"],
        url=entry["url"],
        published_on=_date(entry["published_on"], f"document {entry['id']}"),
        sha256=entry["sha256"],
    )
    try:
        document.full_clean()
    except ValidationError as error:
        raise ValidationError({f"document {entry['id']}": error.messages}) from error
    document.save()
    return document, True


def _claim_keys(document: Document) -> set[tuple]:
    """The key of every claim the document holds, in one query."""
    claims = Claim.objects.filter(document=document).only(
        "start", "end", "source", "origin", "created_by", "created_at"
    )
    return {_claim_key(claim) for claim in claims}


def _claim_key(claim: Claim) -> tuple:
    """What tells a claim of a document from another across databases, where ids differ: who
    made it and when, and the span and source it marks. Two annotators on one span make two
    claims. A machine's suggestion was made by the machine: the person who accepted it since,
    now its creator, does not make it another claim. Status, kind, cue, mentions, relays and
    reviews describe a claim rather than tell it apart; a review changes its status."""
    maker = None if claim.origin == Origin.MACHINE else claim.created_by_id
    return (claim.start, claim.end, claim.source_id, maker, claim.created_at)


def _restore_claims(
    document: Document, entries: list[dict], sources, users, present: set[tuple]
) -> ClaimsRestored:
    """Store the exported claims whose key is not in present, with their mentions, relay
    chains and reviews. Claims repeated within the export are each stored, as the project they
    came from held them."""
    built = [(_claim(document, entry, sources, users), entry) for entry in entries]
    restored = [(claim, entry) for claim, entry in built if _claim_key(claim) not in present]
    Claim.objects.bulk_create([claim for claim, _ in restored])
    Mention.objects.bulk_create(
        Mention(
            claim=claim,
            source=_source(sources, mention["source"], f"claim {entry['id']}"),
            **_span(document, mention, f"claim {entry['id']} mention"),
        )
        for claim, entry in restored
        for mention in entry["mentions"]
    )
    ClaimRelay.objects.bulk_create(
        ClaimRelay(claim=claim, source=_source(sources, source_id, f"claim {entry['id']}"), position=position)
        for claim, entry in restored
        for position, source_id in enumerate(entry["via"])
    )
    reviews = ClaimReview.objects.bulk_create(
        ClaimReview(
            claim=claim,
            reviewer=users[review["by"]],
            verdict=review["verdict"],
            comment=review["comment"],
            created_at=_moment(review["at"], f"claim {entry['id']} review"),
        )
        for claim, entry in restored
        for review in entry["reviews"]
    )
    return ClaimsRestored(
        claims=len(restored),
        reviews=len(reviews),
        claims_present=len(entries) - len(restored),
        reviews_present=sum(len(entry["reviews"]) for entry in entries) - len(reviews),
    )


def _claim(document: Document, entry: dict, sources, users) -> Claim:
    where = f"claim {entry['id']}"
    cue = _span(document, entry["cue"], f"{where} cue") if entry["cue"] is not None else {}
    _check_whole_characters(document, entry["start"], entry["end"], where)
    return Claim(
        document=document,
        start=entry["start"],
        end=entry["end"],
        text=entry["text"],
        kind=entry["kind"],
        status=entry["status"],
        origin=entry["origin"],
        source=_source(sources, entry["source"], where),
        cue_start=cue.get("start"),
        cue_end=cue.get("end"),
        created_by=users[entry["created_by"]] if entry["created_by"] is not None else None,
        created_at=_moment(entry["created_at"], where),
    )


def _span(document: Document, value: dict, where: str) -> dict:
    """start and end of an exported span, whose text must be the document's at those offsets
    (the database checks the claim's own text; cue and mention texts are only exported)."""
    start, end = value["start"], value["end"]
    if "text" in value and document.text[start:end] != value["text"]:
        raise ValidationError({where: f"[{start}, {end}) does not hold {value['text']!r} in the document"})
    _check_whole_characters(document, start, end, where)
    return {"start": start, "end": end}


def _check_whole_characters(document: Document, start: int, end: int, where: str) -> None:
    """The database does not know characters: a span that cuts one is refused here."""
    cut = character_cut(document.text, Span(start, end))
    if cut is not None:
        raise ValidationError({where: cut[1]})


def _moment(value: str, where: str) -> datetime:
    try:
        moment = parse_datetime(value)
    except (TypeError, ValueError):  # not a string, or a well-formed but impossible time
        moment = None
    if moment is None:
        raise ValidationError({where: f"{value!r} is not an ISO 8601 date and time"})
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _date(value: str | None, where: str) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None:
        raise ValidationError({where: f"published_on {value!r} is not an ISO 8601 date"})
    return parsed
