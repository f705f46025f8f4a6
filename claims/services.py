"""Every change of state, each one transaction that also writes its audit row.

The API, the pages and the management commands all call these; nothing else writes.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from claims.errors import Conflict, StaleVersion
from claims.ingest import Article, UnreadableFile, read_file_content
from claims.models import (
    Assignment,
    AttributionKind,
    AuditEvent,
    Claim,
    ClaimRelay,
    ClaimReview,
    ClaimStatus,
    Document,
    Membership,
    Mention,
    Origin,
    Project,
    Role,
    Source,
    SourceAlias,
    SourceKind,
    Verdict,
)
from claims.source_kinds import guess_source_kind, names_no_one
from claims.source_names import clean_name
from claims.spans import character_cut, whole_characters
from claims.suggest import suggest
from claims.suggest.guide import as_guide_marks
from claims.suggest.model import Attribution, Span

Actor = AbstractBaseUser | None


def record_audit(project_id: int, actor: Actor, action: str, target, before=None, after=None) -> None:
    audit_event(project_id, actor, action, target, before, after).save()


def audit_event(project_id: int, actor: Actor, action: str, target, before=None, after=None) -> AuditEvent:
    """The audit row of one change, unsaved: record_audit saves one, a bulk change many at once."""
    return AuditEvent(
        project_id=project_id,
        actor=actor,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=target.pk,
        before=before,
        after=after,
    )


# Projects and membership ------------------------------------------------------------------


@transaction.atomic
def ensure_project(slug: str, *, name: str = "", actor: Actor = None) -> tuple[Project, bool]:
    if slug != slugify(slug):
        raise ValidationError({"slug": f"{slug!r} is not a slug: use lower-case letters, digits and hyphens"})
    project, created = Project.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
    )
    if created:
        after = {"slug": slug, "name": project.name}
        record_audit(project.pk, actor, "project.created", project, after=after)
    return project, created


@transaction.atomic
def set_membership(project: Project, user, role: str, *, actor: Actor = None) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}; expected one of {', '.join(Role.values)}"})
    membership = Membership.objects.select_for_update().filter(project=project, user=user).first()
    before = {"role": membership.role} if membership else None
    if membership is None:
        membership = Membership.objects.create(project=project, user=user, role=role)
    elif membership.role != role:
        _keep_another_manager(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    after = {"user": user.get_username(), "role": role}
    record_audit(project.pk, actor, "membership.changed", membership, before, after)
    return membership


LAST_MANAGER = "a project keeps at least one manager: make another member a manager first"


def _keep_another_manager(membership: Membership) -> None:
    """Before a manager is demoted or removed. The project's row is locked first, so of two
    managers demoting each other at once the second sees the first's change and is refused."""
    if membership.role != Role.MANAGER:
        return
    Project.objects.select_for_update().only("pk").get(pk=membership.project_id)
    others = Membership.objects.filter(project_id=membership.project_id, role=Role.MANAGER)
    if not others.exclude(pk=membership.pk).exists():
        raise Conflict(LAST_MANAGER)


@transaction.atomic
def placeholder_users(project: Project, usernames: Iterable[str], *, actor: Actor = None) -> dict:
    """The users named, those missing created inactive and unable to sign in (the authors of
    restored or imported claims), each creation audited."""
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    usernames = set(usernames)
    users = {user.get_username(): user for user in user_model.objects.filter(**{f"{field}__in": usernames})}
    for name in sorted(usernames - users.keys()):
        user = user_model(**{field: name}, is_active=False)
        user.set_unusable_password()
        user.save()
        record_audit(project.pk, actor, "user.created", user, after={"username": name, "active": False})
        users[name] = user
    return users


@transaction.atomic
def remove_membership(membership: Membership, *, actor: Actor = None) -> None:
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    _keep_another_manager(membership)
    # a former member's assignments would list them as still at work on the documents
    assignments = Assignment.objects.filter(document__project_id=membership.project_id, user=membership.user)
    assigned = sorted(assignments.values_list("document_id", flat=True))
    before = {"user": membership.user.get_username(), "role": membership.role, "assigned_documents": assigned}
    record_audit(membership.project_id, actor, "membership.removed", membership, before=before)
    assignments.delete()
    membership.delete()


@transaction.atomic
def update_project(
    project: Project, *, name: str, description: str, blind: bool | None = None, actor: Actor = None
) -> None:
    """blind: annotators see only their own claims on a document until it is adjudicated."""
    blind = project.blind if blind is None else blind
    before = {"name": project.name, "description": project.description, "blind": project.blind}
    after = {"name": name, "description": description, "blind": blind}
    if before == after:
        return
    project.name, project.description, project.blind = name, description, blind
    project.save(update_fields=["name", "description", "blind"])
    record_audit(project.pk, actor, "project.updated", project, before, after)


@transaction.atomic
def assign_document(document: Document, users: Iterable, *, actor: Actor = None) -> list[str]:
    """Give the document to each user (members of its project) to annotate; returns the names
    newly assigned, those already assigned are left as they are. An adjudicated document is
    closed and takes no annotators; unassign_document still takes one back (it only removes
    work, as removing a member does)."""
    _check_open_to_annotators(document)
    users = list(users)
    members = set(
        Membership.objects.filter(project_id=document.project_id, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    outsiders = sorted(user.get_username() for user in users if user.pk not in members)
    if outsiders:
        raise ValidationError({"annotators": f"not members of the project: {', '.join(outsiders)}"})
    assigned = set(Assignment.objects.filter(document=document).values_list("user_id", flat=True))
    new = [user for user in users if user.pk not in assigned]
    Assignment.objects.bulk_create(
        Assignment(document=document, user=user, assigned_by=actor) for user in new
    )
    names = sorted(user.get_username() for user in new)
    if names:
        record_audit(document.project_id, actor, "document.assigned", document, after={"annotators": names})
    return names


def _check_open_to_annotators(document: Document) -> None:
    """Read under a lock of the document's row, which finish_adjudication locks too: an
    adjudication finishing meanwhile is seen, so no one is assigned a document already closed."""
    adjudicated_at = (
        Document.objects.select_for_update(no_key=True)
        .values_list("adjudicated_at", flat=True)
        .get(pk=document.pk)
    )
    if adjudicated_at is not None:
        raise Conflict(
            f"document {document.pk} has been adjudicated: it is closed and takes no new annotators"
        )


@transaction.atomic
def unassign_document(document: Document, user, *, actor: Actor = None) -> bool:
    deleted, _ = Assignment.objects.filter(document=document, user=user).delete()
    if deleted:
        record_audit(
            document.project_id,
            actor,
            "document.unassigned",
            document,
            before={"annotator": user.get_username()},
        )
    return bool(deleted)


# Documents --------------------------------------------------------------------------------


def _document_snapshot(document: Document) -> dict:
    return {
        "title": document.title,
        "outlet": document.outlet,
        "byline": document.byline,
        "url": document.url,
        "published_on": document.published_on.isoformat() if document.published_on else None,
        "sha256": document.sha256,
        "source_file": document.source_file,
        "length": len(document.text),
    }


@dataclass
class ImportResult:
    imported: list[Document] = field(default_factory=list)
    already_present: int = 0


@transaction.atomic
def import_articles(
    project: Project, articles: Iterable[Article], *, source_file: str = "", actor: Actor = None
) -> ImportResult:
    """Store the articles of one input file together; a text already in the project is
    left as it is. The outlet takes the registry's canonical name when it knows the name."""
    articles = list(articles)
    present = set(
        Document.objects.filter(project=project, sha256__in=[a.sha256 for a in articles]).values_list(
            "sha256", flat=True
        )
    )
    canonical_outlets = _canonical_names(project, {a.outlet for a in articles if a.outlet})
    result = ImportResult()
    for article in articles:
        if article.sha256 in present:
            result.already_present += 1
            continue
        present.add(article.sha256)
        document = Document.objects.create(
            project=project,
            text=article.text,
            raw=article.raw,
            source_file=source_file,
            published_on=article.published_on,
            sha256=article.sha256,
            **_fitted_metadata(
                title=article.title,
                outlet=canonical_outlets.get(fold_name(article.outlet), article.outlet),
                byline=article.byline,
                url=article.url,
            ),
        )
        record_audit(project.pk, actor, "document.imported", document, after=_document_snapshot(document))
        result.imported.append(document)
    return result


def _fitted_metadata(**fields: str) -> dict[str, str]:
    """An article's metadata cut to what a document holds, so that a long first line never
    refuses it: text shortened with "…"; a web address too long to keep whole left out."""
    fitted = {}
    for name, value in fields.items():
        limit = Document._meta.get_field(name).max_length
        if len(value) <= limit:
            fitted[name] = value
        else:
            fitted[name] = "" if name == "url" else value[: limit - 1].rstrip() + "…"
    return fitted


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


def import_uploaded_files(
    project: Project, files: list[UploadedFile], *, actor: Actor = None
) -> ImportResult:
    """Files sent together from a browser or a script are all read, outside the transaction,
    then stored together: one that cannot be read refuses them all, naming it and why."""
    articles_by_file, unreadable = [], []
    for upload in files:
        try:
            articles_by_file.append((upload.name, read_file_content(upload.name, upload.content)))
        except UnreadableFile as error:
            unreadable.append(f"{upload.name}: {error}")
    if unreadable:
        raise ValidationError({"files": unreadable})
    result = ImportResult()
    with transaction.atomic():
        for name, articles in articles_by_file:
            stored = import_articles(project, articles, source_file=name, actor=actor)
            result.imported += stored.imported
            result.already_present += stored.already_present
    return result


def _canonical_names(project: Project, names: set[str]) -> dict[str, str]:
    if not names:
        return {}
    folded = {fold_name(name) for name in names}
    aliases = SourceAlias.objects.filter(project=project, source__kind=SourceKind.OUTLET).select_related(
        "source"
    )
    return {key: alias.source.name for alias in aliases if (key := fold_name(alias.name)) in folded}


def fold_name(name: str) -> str:
    """Case, apostrophe style and runs of spaces do not distinguish names: RFA’s = rfa's. Every
    lookup of a registry name by its spelling goes by this (find_alias queries its apostrophe
    variants)."""
    return clean_name(name).replace("’", "'").casefold()


# Sources ----------------------------------------------------------------------------------


def _source_snapshot(source: Source) -> dict:
    return {
        "name": source.name,
        "kind": source.kind,
        "aliases": sorted(alias.name for alias in source.aliases.all() if alias.name != source.name),
        "affiliation": source.affiliation.name if source.affiliation else None,
        "description": source.description,
        "needs_review": source.needs_review,
    }


def _aliases_named(project: Project, names: Iterable[str]):
    """The project's aliases matching any of the names, ignoring case (uses the unique index).
    The names are cleaned as stored ones were, so a decomposed "José" finds the stored one."""
    lowered = {clean_name(name).lower() for name in names}
    return (
        SourceAlias.objects.annotate(lowered=Lower("name"))
        .filter(project=project, lowered__in=lowered)
        .select_related("source")
    )


def find_alias(project: Project, name: str) -> SourceAlias | None:
    """The alias spelled like name, ignoring case and apostrophe style (the exact spelling
    first), with its source."""
    name = clean_name(name)
    return (
        _aliases_named(project, [name]).first() or _aliases_named(project, _apostrophe_variants(name)).first()
    )


def _taken(project: Project, names: list[str], owner: Source | None) -> SourceAlias | None:
    """The first alias of another source than owner spelled like one of names. RFA’s and RFA's
    are one name to find_alias, so they are one name here too."""
    variants = [variant for name in names for variant in _apostrophe_variants(name)]
    others = _aliases_named(project, variants)
    return next((alias for alias in others if owner is None or alias.source_id != owner.pk), None)


def _check_name_free(project: Project, name: str, *, owner: Source | None = None) -> None:
    if not name:
        raise ValidationError({"name": "a source's name must contain visible characters"})
    if clash := _taken(project, [name], owner):
        message = f"a source named {clash.source.name!r} already exists in this project"
        if fold_name(clash.name) != fold_name(clash.source.name):
            message += f" with the alias {clash.name!r}"
        raise ValidationError({"name": message})


def _check_aliases_free(project: Project, names: list[str], *, owner: Source | None = None) -> None:
    if any(not name for name in names):
        raise ValidationError({"aliases": "an alias must contain visible characters"})
    if clash := _taken(project, names, owner):
        raise ValidationError({"aliases": f"{clash.name!r} already names source {clash.source.name!r}"})


def _new_names(names: Iterable[str], known: Iterable[str] = ()) -> list[str]:
    """names cleaned, without those known or repeated ignoring case (one alias row each)."""
    seen = {name.lower() for name in known}
    fresh = []
    for name in map(clean_name, names):
        if name.lower() not in seen:
            seen.add(name.lower())
            fresh.append(name)
    return fresh


def _check_kind(kind: str) -> None:
    if kind not in SourceKind.values:
        raise ValidationError(
            {"kind": f"unknown kind {kind!r}; expected one of {', '.join(SourceKind.values)}"}
        )


@transaction.atomic
def create_source(
    project: Project,
    *,
    name: str,
    kind: str,
    aliases: Iterable[str] = (),
    affiliation: Source | None = None,
    description: str = "",
    needs_review: bool = False,
    actor: Actor = None,
) -> Source:
    """needs_review marks an entry the machine proposed for a name the registry lacked."""
    name = clean_name(name)
    _check_kind(kind)
    _check_name_free(project, name)
    other_names = _new_names(aliases, known=[name])
    _check_aliases_free(project, other_names)
    if affiliation is not None:
        # a new source has no affiliates yet, so no chain can lead back to it: no cycle to look for
        _check_affiliation_project(project.pk, affiliation)
    source = Source.objects.create(
        project=project,
        name=name,
        kind=kind,
        affiliation=affiliation,
        description=description,
        needs_review=needs_review,
    )
    _add_alias_rows(source, [name, *other_names])
    record_audit(project.pk, actor, "source.created", source, after=_source_snapshot(source))
    return source


@transaction.atomic
def update_source(
    source: Source,
    *,
    name: str | None = None,
    kind: str | None = None,
    aliases: Iterable[str] = (),
    remove_aliases: Iterable[str] = (),
    affiliation: Source | None = None,
    clear_affiliation: bool = False,
    description: str | None = None,
    reviewed: bool = False,
    actor: Actor = None,
) -> bool:
    """Rename a source, change its kind, description or affiliation, add and remove aliases;
    returns whether anything changed. reviewed (a reviewer's edit, even an empty one) clears
    needs_review.

    affiliation None leaves the affiliation as it is (load_registry passes None for an entry
    without one); clear_affiliation removes it. An affiliation that would lead back to the
    source through the affiliations above it (A → B → A) is refused under "affiliation".

    A renamed source keeps its old name as an alias: articles, imports and the suggester found
    it by that name, and will again (remove_aliases drops it where the old name was junk, as
    the suggester's "Earlier this year Yin Gang" is). The source's own name cannot be removed."""
    before = _source_snapshot(source)
    rows = {alias.name.lower(): alias for alias in SourceAlias.objects.filter(source=source)}
    if name is not None:
        _rename(source, clean_name(name), rows)
    _remove_alias_rows(source, remove_aliases, rows)
    new_names = _new_names(aliases, known=rows)
    _check_aliases_free(source.project, new_names, owner=source)
    if kind is not None:
        _check_kind(kind)
        source.kind = kind
    if description is not None:
        source.description = description
    if affiliation is not None or clear_affiliation:
        source.affiliation = _checked_affiliation(source, affiliation, clear=clear_affiliation)
    if reviewed:
        source.needs_review = False
    source.save()
    _add_alias_rows(source, new_names)
    after = _source_snapshot(Source.objects.prefetch_related("aliases").get(pk=source.pk))
    if after == before:
        return False
    record_audit(source.project_id, actor, "source.updated", source, before, after)
    return True


def _check_affiliation_project(project_id: int, affiliation: Source) -> None:
    if affiliation.project_id != project_id:
        raise ValidationError({"affiliation": "the affiliation must be a source of the same project"})


def _checked_affiliation(source: Source, affiliation: Source | None, *, clear: bool) -> Source | None:
    """The affiliation update_source is to store: None when cleared, else the one given,
    checked to be of the source's project and to make no cycle."""
    if clear:
        if affiliation is not None:
            raise ValidationError({"affiliation": "give an affiliation or clear it, not both"})
        return None  # removing a link cannot close a cycle
    _check_affiliation_project(source.project_id, affiliation)
    if affiliation.pk == source.pk:
        raise ValidationError({"affiliation": "a source cannot be affiliated with itself"})
    # Two edits at once (A → B, B → A) would each walk a chain without the other's link and
    # both store theirs: one change of affiliation at a time per project. NO KEY UPDATE, so
    # rows being added that refer to the project (aliases, audit rows) do not wait for it.
    Project.objects.select_for_update(no_key=True).only("pk").get(pk=source.project_id)
    if cycle := _affiliation_cycle(source, affiliation.pk):
        message = f"affiliating {source.name!r} with {affiliation.name!r} would make a cycle: "
        raise ValidationError({"affiliation": message + " → ".join(cycle)})
    return affiliation


def _affiliation_cycle(source: Source, affiliation_id: int) -> list[str]:
    """The names around the cycle that affiliating source with affiliation_id would close
    (["A", "B", "A"]), or [] when the chain above it does not reach source. One small query a
    link, read as stored now; chains are a few links long (a person, a department, a ministry)."""
    names = [source.name]
    seen = set()
    current: int | None = affiliation_id
    while current is not None and current not in seen:
        if current == source.pk:
            return [*names, source.name]
        seen.add(current)
        name, current = Source.objects.values_list("name", "affiliation_id").get(pk=current)
        names.append(name)
    return []  # the top of the chain, or a loop above it that does not pass through source


def _rename(source: Source, name: str, rows: dict[str, SourceAlias]) -> None:
    """The canonical name is one of the source's alias rows (Source's docstring): the new name
    takes the row of an alias spelled like it ignoring case, or a row of its own; the old
    name's row stays, as an alias. rows (by lower-case name) is kept up to date."""
    _check_name_free(source.project, name, owner=source)
    row = rows.get(name.lower())
    if row is None:
        rows[name.lower()] = SourceAlias.objects.create(project=source.project, source=source, name=name)
    elif row.name != name:  # "police" renamed "Police": one name, spelled anew
        row.name = name
        row.save(update_fields=["name"])
    source.name = name


def _remove_alias_rows(source: Source, names: Iterable[str], rows: dict[str, SourceAlias]) -> None:
    """Delete the source's aliases named (ignoring case); rows (by lower-case name) is kept up
    to date."""
    doomed = _new_names(names)
    for name in doomed:
        if name.lower() == source.name.lower():
            raise ValidationError(
                {"remove_aliases": f"{name!r} is the source's name: rename the source before removing it"}
            )
        if name.lower() not in rows:
            raise ValidationError({"remove_aliases": f"{name!r} is not an alias of {source.name!r}"})
    SourceAlias.objects.filter(pk__in=[rows.pop(name.lower()).pk for name in doomed]).delete()


@transaction.atomic
def delete_source(source: Source, *, actor: Actor = None) -> None:
    """Raises ProtectedError, storing nothing, while claims, mentions or relay links use it."""
    record_audit(source.project_id, actor, "source.deleted", source, before=_source_snapshot(source))
    source.delete()


@transaction.atomic
def merge_sources(absorbed: Source, kept: Source, *, actor: Actor = None) -> Source:
    """File everything of absorbed under kept ("RFA" into "Radio Free Asia"): its claims,
    mentions, relay links, aliases (its name among them) and affiliates; then absorbed goes.
    Each moved claim's version rises and its history names the merge. A relay link that would
    repeat the claim's source or another link of its chain is dropped."""
    if absorbed.pk == kept.pk:
        raise ValidationError({"into": "a source cannot be merged into itself"})
    if absorbed.project_id != kept.project_id:
        raise ValidationError({"into": "both sources must belong to the same project"})
    locked = {s.pk: s for s in Source.objects.select_for_update().filter(pk__in=[absorbed.pk, kept.pk])}
    absorbed, kept = locked[absorbed.pk], locked[kept.pk]
    before = {"kept": _source_snapshot(kept), "absorbed": _source_snapshot(absorbed)}
    claim_ids = sorted(
        set(Claim.objects.filter(source=absorbed).values_list("pk", flat=True))
        | set(ClaimRelay.objects.filter(source=absorbed).values_list("claim_id", flat=True))
    )
    claims = list(Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk"))
    sources_before = {claim.pk: claim.source_id for claim in claims}
    dropped = _merge_relays(claims, absorbed, kept)
    mentions = Mention.objects.filter(source=absorbed).update(source=kept)
    now = timezone.now()
    for claim in claims:
        claim.source_id = kept.pk if claim.source_id == absorbed.pk else claim.source_id
        claim.version, claim.updated_at = claim.version + 1, now
    Claim.objects.bulk_update(claims, ["source", "version", "updated_at"])
    aliases = SourceAlias.objects.filter(source=absorbed).update(source=kept)
    Source.objects.filter(affiliation=absorbed).exclude(pk=kept.pk).update(affiliation=kept)
    if kept.affiliation_id == absorbed.pk:
        kept.affiliation_id = absorbed.affiliation_id if absorbed.affiliation_id != kept.pk else None
    if kept.affiliation_id is not None and _affiliation_cycle(kept, kept.affiliation_id):
        kept.affiliation_id = None  # one of absorbed's affiliates sat above kept: kept now heads it
    kept.needs_review = False  # someone decided what this entry is
    kept.save(update_fields=["affiliation", "needs_review"])
    absorbed_id = absorbed.pk
    absorbed.delete()
    moved = {"claims": len(claims), "mentions": mentions, "relay_links_dropped": dropped, "aliases": aliases}
    after = {"kept": _source_snapshot(kept), "absorbed_id": absorbed_id, "moved": moved}
    record_audit(kept.project_id, actor, "source.merged", kept, before, after)
    _record_claims_merged(kept, actor, claims, sources_before, before["absorbed"]["name"])
    return kept


def _merge_relays(claims: list[Claim], absorbed: Source, kept: Source) -> int:
    """Point the claims' relay links at kept, dropping any that would repeat the claim's new
    source or a link already in its chain and closing the gaps they leave; returns the drops."""
    chains: dict[int, list[ClaimRelay]] = {}
    for relay in ClaimRelay.objects.filter(claim__in=claims).order_by("claim_id", "position"):
        chains.setdefault(relay.claim_id, []).append(relay)
    dropped: list[ClaimRelay] = []
    for claim in claims:
        seen = {kept.pk if claim.source_id == absorbed.pk else claim.source_id}
        for relay in chains.get(claim.pk, []):
            target = kept.pk if relay.source_id == absorbed.pk else relay.source_id
            if target in seen:
                dropped.append(relay)
            seen.add(target)
    ClaimRelay.objects.filter(pk__in=[relay.pk for relay in dropped]).delete()
    ClaimRelay.objects.filter(claim__in=claims, source=absorbed).update(source=kept)
    for claim_id in {relay.claim_id for relay in dropped}:
        remaining = [relay for relay in chains[claim_id] if relay not in dropped]
        for position, relay in enumerate(remaining):  # each moves down into a freed place
            if relay.position != position:
                relay.position = position
                relay.save(update_fields=["position"])
    return len(dropped)


def _record_claims_merged(
    kept: Source, actor: Actor, claims: list[Claim], sources_before: dict, absorbed_name: str
) -> None:
    AuditEvent.objects.bulk_create(
        audit_event(
            kept.project_id,
            actor,
            "claim.source_merged",
            claim,
            before={"source": sources_before[claim.pk], "merged_source": absorbed_name},
            after={"source": claim.source_id, "merged_into": kept.name, "version": claim.version},
        )
        for claim in claims
    )


def _add_alias_rows(source: Source, names: list[str]) -> None:
    SourceAlias.objects.bulk_create(
        SourceAlias(project_id=source.project_id, source=source, name=name) for name in names
    )


@dataclass
class RegistryLoad:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def load_registry(project: Project, entries: list[dict], *, actor: Actor = None) -> RegistryLoad:
    """Create or update registry entries ``{name, kind, aliases, affiliation, description}``.
    An entry whose name already names a source updates that source; parents come first so
    each source is written once with its affiliation."""
    _check_registry_entries(entries)
    result = RegistryLoad()
    loaded: dict[str, Source] = {}
    for entry in _parents_first(entries):
        affiliation = _registry_affiliation(project, loaded, entry)
        fields = {
            "kind": entry["kind"],
            "aliases": entry.get("aliases", []),
            "affiliation": affiliation,
            "description": entry.get("description", ""),
        }
        match = find_alias(project, entry["name"])
        if match is None:
            source = create_source(project, name=entry["name"], actor=actor, **fields)
            result.created += 1
        else:
            source = match.source
            changed = update_source(source, actor=actor, **fields)
            result.updated += changed
            result.unchanged += not changed
        loaded[fold_name(entry["name"])] = source
    return result


def _check_registry_entries(entries: list[dict]) -> None:
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"sources[{index}]"
        if not isinstance(entry, dict) or not clean_name(entry.get("name", "")):
            raise ValidationError({where: "each entry needs a non-blank name"})
        if entry.get("kind") not in SourceKind.values:
            raise ValidationError({where: f"unknown kind {entry.get('kind')!r} for {entry['name']!r}"})
        for alias in [entry["name"], *entry.get("aliases", [])]:
            owner = seen.setdefault(fold_name(alias), entry["name"])
            if owner != entry["name"]:
                raise ValidationError({where: f"{alias!r} names both {owner!r} and {entry['name']!r}"})


def _parents_first(entries: list[dict]) -> list[dict]:
    in_file = {fold_name(entry["name"]) for entry in entries}
    ordered: list[dict] = []
    placed: set[str] = set()
    pending = list(entries)
    while pending:
        ready = [
            entry
            for entry in pending
            if not entry.get("affiliation")
            or fold_name(entry["affiliation"]) in placed
            or fold_name(entry["affiliation"]) not in in_file
        ]
        if not ready:
            names = ", ".join(repr(entry["name"]) for entry in pending)
            raise ValidationError({"affiliation": f"affiliations form a cycle among {names}"})
        ordered.extend(ready)
        placed.update(fold_name(entry["name"]) for entry in ready)
        pending = [entry for entry in pending if fold_name(entry["name"]) not in placed]
    return ordered


def _registry_affiliation(project: Project, loaded: dict[str, Source], entry: dict) -> Source | None:
    if not entry.get("affiliation"):
        return None
    parent = loaded.get(fold_name(entry["affiliation"]))
    if parent is None:
        match = find_alias(project, entry["affiliation"])
        if match is None:
            raise ValidationError(
                {"affiliation": f"{entry['name']!r} is affiliated to unknown source {entry['affiliation']!r}"}
            )
        parent = match.source
    return parent


# Claims -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentionSpan:
    start: int
    end: int
    source: Source | None = None  # the claim's own source when None


def claim_snapshot(claim: Claim, stored: tuple[list, list] | None = None) -> dict:
    """The claim's state for audit rows and conflicts; stored gives the mentions and relay
    links just written, saving the queries that would read them back."""
    mentions, relays = stored if stored is not None else (claim.mentions.all(), claim.relays.all())
    return {
        "document": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "kind": claim.kind,
        "status": claim.status,
        "origin": claim.origin,
        "source": claim.source_id,
        "cue": [claim.cue_start, claim.cue_end] if claim.cue_start is not None else None,
        "mentions": [[m.start, m.end, m.source_id] for m in mentions],
        "via": [relay.source_id for relay in relays],
        "version": claim.version,
    }


@transaction.atomic
def create_claim(
    document: Document,
    *,
    start: int,
    end: int,
    text: str,
    kind: str,
    source: Source,
    cue: tuple[int, int] | None = None,
    mentions: Iterable[MentionSpan] = (),
    via: Iterable[Source] = (),
    actor: Actor,
    origin: str = Origin.HUMAN,
) -> Claim:
    """A person's claim starts pending review; the machine's starts as a suggestion."""
    check_open(document)
    mentions, via = list(mentions), list(via)
    _check_claim(document, start, end, text, kind, source, cue, mentions, via)
    if origin not in Origin.values:
        raise ValidationError(
            {"origin": f"unknown origin {origin!r}; expected one of {', '.join(Origin.values)}"}
        )
    if origin != Origin.MACHINE and actor is None:
        raise ValidationError({"created_by": "a person's claim needs its author"})
    claim = Claim.objects.create(
        document=document,
        start=start,
        end=end,
        text=text,
        kind=kind,
        status=ClaimStatus.SUGGESTED if origin == Origin.MACHINE else ClaimStatus.PENDING,
        origin=origin,
        source=source,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        created_by=actor,
    )
    stored = _store_mentions_and_relays(claim, mentions, via)
    record_audit(document.project_id, actor, "claim.created", claim, after=claim_snapshot(claim, stored))
    _hold_related(claim, *stored, reviews=[])
    return claim


def check_open(document: Document) -> None:
    """An adjudicated document's claims are settled: it takes no new claim, by hand or machine."""
    if document.adjudicated_at is not None:
        raise Conflict(
            f"document {document.pk} has been adjudicated: its claims are settled, it takes no new ones"
        )


def _hold_related(claim: Claim, mentions: list[Mention], relays: list[ClaimRelay], **more: list) -> None:
    """Give a claim the rows just stored as if prefetched (Django's prefetch cache), in the
    models' orders, so that presenting it reads nothing back; more: other relations known."""
    claim._prefetched_objects_cache = {
        "mentions": sorted(mentions, key=lambda m: (m.start, m.end)),
        "relays": relays,
        **more,
    }


def _store_mentions_and_relays(
    claim: Claim, mentions: list[MentionSpan], via: list[Source]
) -> tuple[list[Mention], list[ClaimRelay]]:
    stored_mentions = Mention.objects.bulk_create(
        Mention(claim=claim, source=m.source or claim.source, start=m.start, end=m.end) for m in mentions
    )
    stored_relays = ClaimRelay.objects.bulk_create(
        ClaimRelay(claim=claim, source=relay, position=position) for position, relay in enumerate(via)
    )
    return stored_mentions, stored_relays


def _check_claim(document, start, end, text, kind, source, cue, mentions, via) -> None:
    _check_span("start", start, end, document.text, end_field_name="end")
    actual = document.text[start:end]
    if text != actual:
        raise ValidationError(
            {"text": f"does not match the document at [{start}, {end}): it holds {actual!r}"}
        )
    if kind not in AttributionKind.values:
        raise ValidationError(
            {"kind": f"unknown kind {kind!r}; expected one of {', '.join(AttributionKind.values)}"}
        )
    _check_same_project("source", source, document)
    if cue is not None:
        _check_span("cue", *cue, document.text)
    for index, mention in enumerate(mentions):
        _check_span(f"mentions[{index}]", mention.start, mention.end, document.text)
        if mention.source is not None:
            _check_same_project(f"mentions[{index}]", mention.source, document)
    _check_relay_chain(via, source, document)


def _check_span(field_name: str, start, end, text: str, end_field_name: str | None = None) -> None:
    """A fault is reported under field_name, but one of the end alone under end_field_name if
    given: a claim's own offsets are two fields, and the caller is told which one to mend.
    A span must start and end between whole characters (claims.spans)."""
    end_field_name = end_field_name or field_name
    for name, value in ((field_name, start), (end_field_name, end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError({name: f"offsets must be integers, got [{start!r}, {end!r})"})
    length = len(text)
    outside = f"[{start}, {end}) is not a span of the document: need 0 <= start < end <= {length}"
    if not 0 <= start < min(end, length):
        raise ValidationError({field_name: outside})
    if end > length:
        raise ValidationError({end_field_name: outside})
    cut = character_cut(text, Span(start, end))
    if cut is not None:
        offset, problem = cut
        raise ValidationError({field_name if offset == start else end_field_name: problem})


def _check_same_project(field_name: str, source: Source, document: Document) -> None:
    if source.project_id != document.project_id:
        raise ValidationError({field_name: f"source {source.pk} is not in this document's project"})


def _check_relay_chain(via: list[Source], source: Source, document: Document) -> None:
    seen: set[int] = set()
    for relay in via:
        _check_same_project("via", relay, document)
        if relay.pk == source.pk:
            raise ValidationError({"via": f"the relay chain repeats the claim's own source {source.name!r}"})
        if relay.pk in seen:
            raise ValidationError({"via": f"the relay chain lists {relay.name!r} twice"})
        seen.add(relay.pk)


_UNSET = object()

# What each verdict does: the statuses it applies to, and the status it leaves.
REVIEW_TRANSITIONS = {
    Verdict.APPROVE: ({ClaimStatus.PENDING}, ClaimStatus.APPROVED),
    Verdict.REJECT: ({ClaimStatus.PENDING, ClaimStatus.SUGGESTED}, ClaimStatus.REJECTED),
    Verdict.REOPEN: ({ClaimStatus.APPROVED, ClaimStatus.REJECTED}, ClaimStatus.PENDING),
}


def _locked_claim(claim_id: int, version: int, *, with_text: bool = False) -> Claim:
    """The claim, locked until the transaction ends, if the caller saw its current version; with
    its document (its text only when asked: an article can be long), project, source and author,
    which every change reads."""
    claims = Claim.objects.select_for_update(of=("self",)).select_related(
        "document__project", "source", "created_by"
    )
    deferred = ["document__raw"] if with_text else ["document__raw", "document__text"]
    claim = claims.defer(*deferred).get(pk=claim_id)
    if version != claim.version:
        raise StaleVersion(
            f"claim {claim_id} is at version {claim.version}, not {version}: it changed since you read it",
            current=claim_snapshot(claim),
            claim_id=claim.pk,
        )
    return claim


@transaction.atomic
def update_claim(
    claim_id: int,
    *,
    version: int,
    actor: Actor,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    kind: str | None = None,
    source: Source | None = None,
    cue=_UNSET,
    mentions: Iterable[MentionSpan] | None = None,
    via: Iterable[Source] | None = None,
) -> Claim:
    """Change a pending claim, or revise a rejected one, which makes it pending again: the
    reviewers decide anew. What is not given stays. Mentions and via, when given, replace the
    old ones. Each change raises the version by one."""
    claim = _locked_claim(claim_id, version, with_text=True)
    _check_changeable(claim)
    held = list(claim.mentions.select_related("source")), list(claim.relays.select_related("source"))
    before = claim_snapshot(claim, held)
    start = claim.start if start is None else start
    end = claim.end if end is None else end
    text = claim.text if text is None else text
    kind = kind or claim.kind
    source = source or claim.source
    if cue is _UNSET:
        cue = (claim.cue_start, claim.cue_end) if claim.cue_start is not None else None
    if mentions is None:
        # a mention of the claim's own source follows the claim to a new source
        mentions = [
            MentionSpan(m.start, m.end, None if m.source_id == claim.source_id else m.source) for m in held[0]
        ]
    if via is None:
        via = [relay.source for relay in held[1]]
    mentions, via = list(mentions), list(via)
    _check_claim(claim.document, start, end, text, kind, source, cue, mentions, via)
    if _unchanged(before, (start, end, kind, source, cue, mentions, via)):
        # nothing to record: no new version for colleagues to trip on, and the actor has not
        # edited it, so they may still approve it
        _refuse_unchanged_revision(claim, before)
        _hold_related(claim, *held)
        return claim
    claim.mentions.all().delete()
    claim.relays.all().delete()
    claim.start, claim.end, claim.text, claim.kind, claim.source = start, end, text, kind, source
    claim.cue_start, claim.cue_end = cue if cue else (None, None)
    claim.status = ClaimStatus.PENDING
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save()
    stored = _store_mentions_and_relays(claim, mentions, via)
    after = claim_snapshot(claim, stored)
    record_audit(claim.document.project_id, actor, "claim.edited", claim, before, after)
    _hold_related(claim, *stored)
    return claim


def _unchanged(before: dict, revision: tuple) -> bool:
    """Whether the revision holds the claim's reading as it stands (before, its snapshot)."""
    start, end, kind, source, cue, mentions, via = revision
    revised = {
        "start": start,
        "end": end,
        "kind": kind,
        "source": source.pk,
        "cue": list(cue) if cue else None,
        "via": [relay.pk for relay in via],
    }
    named = sorted((m.start, m.end, (m.source or source).pk) for m in mentions)
    return named == sorted(map(tuple, before["mentions"])) and all(before[k] == v for k, v in revised.items())


def _refuse_unchanged_revision(claim: Claim, before: dict) -> None:
    """A rejected claim goes back to the reviewers only changed: the same reading sent again
    would only undo their verdict; a reviewer may reopen it instead."""
    if claim.status == ClaimStatus.REJECTED:
        raise Conflict(
            f"claim {claim.pk} was rejected: change its words, source, attribution, cue, mentions or "
            "relay chain to send it back for review, or ask a reviewer to reopen it as it is",
            before,
        )


def _check_unsettled(claim: Claim) -> None:
    if claim.document.adjudicated_at is not None:
        raise Conflict(
            f"claim {claim.pk}'s document has been adjudicated: its claims stay as decided",
            claim_snapshot(claim),
        )


def _check_changeable(claim: Claim) -> None:
    _check_unsettled(claim)
    if claim.status not in (ClaimStatus.PENDING, ClaimStatus.REJECTED):
        raise Conflict(
            f"claim {claim.pk} is {claim.status}: only pending and rejected claims change",
            claim_snapshot(claim),
        )
    if claim.status == ClaimStatus.REJECTED and claim.created_by_id is None:
        raise Conflict(
            f"claim {claim.pk} is a rejected machine suggestion: mark the words as a claim of your own",
            claim_snapshot(claim),
        )


@transaction.atomic
def delete_claim(claim_id: int, *, actor: Actor, version: int | None = None) -> None:
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    if version is not None and version != claim.version:
        raise StaleVersion(
            f"claim {claim_id} is at version {claim.version}, not {version}", claim_snapshot(claim)
        )
    if claim.status not in (ClaimStatus.PENDING, ClaimStatus.SUGGESTED) or claim.reviews.exists():
        raise Conflict(
            f"claim {claim_id} has been reviewed: it stays on record; reject it instead",
            claim_snapshot(claim),
        )
    record_audit(claim.document.project_id, actor, "claim.deleted", claim, before=claim_snapshot(claim))
    claim.delete()


OWN_APPROVAL = "nobody approves a claim they made: another reviewer must approve it"
EDITED_APPROVAL = "nobody approves a claim they edited: another reviewer must approve it"


@transaction.atomic
def review_claim(
    claim_id: int, *, reviewer, verdict: str, version: int, comment: str = "", composed: bool = False
) -> Claim:
    """Approve or reject a pending claim, or reopen a decided one. Of two reviewers deciding
    the same version at once, the second waits for the first's lock and then finds the
    version moved on. Nobody approves a claim they made or edited, so that two people stand
    behind each approved claim; composed: an adjudicator approving the claim they have just
    composed of the annotators' claims, whose authors are the first people."""
    if verdict not in REVIEW_TRANSITIONS:
        raise ValidationError(
            {"verdict": f"unknown verdict {verdict!r}; expected one of {', '.join(Verdict.values)}"}
        )
    claim = _locked_claim(claim_id, version)
    _check_unsettled(claim)
    allowed, outcome = REVIEW_TRANSITIONS[verdict]
    if claim.status not in allowed:
        raise Conflict(
            f"{'an' if claim.status[0] in 'aeiou' else 'a'} {claim.status} claim cannot be given the "
            f"verdict '{Verdict(verdict).value}'",
            claim_snapshot(claim),
            claim.pk,
        )
    if verdict == Verdict.APPROVE and not composed:
        _check_four_eyes(reviewer, claim)
    before = {"status": claim.status, "version": claim.version}
    ClaimReview.objects.create(claim=claim, reviewer=reviewer, verdict=verdict, comment=comment)
    claim.status, claim.version, claim.updated_at = outcome, claim.version + 1, timezone.now()
    claim.save(update_fields=["status", "version", "updated_at"])
    after = {"status": claim.status, "version": claim.version, "verdict": verdict, "comment": comment}
    record_audit(claim.document.project_id, reviewer, "claim.reviewed", claim, before, after)
    return claim


def _check_four_eyes(reviewer, claim: Claim) -> None:
    if claim.created_by_id == reviewer.pk:
        raise PermissionDenied(OWN_APPROVAL)
    if _has_edited(reviewer, claim):
        raise PermissionDenied(EDITED_APPROVAL)


def _has_edited(user, claim: Claim) -> bool:
    edits = AuditEvent.objects.filter(target_type="claim", target_id=claim.pk, action="claim.edited")
    return edits.filter(actor=user).exists()


@transaction.atomic
def accept_suggestion(claim_id: int, *, actor, version: int) -> Claim:
    """A person vouches for a machine suggestion: it becomes their pending claim, awaiting
    review like any other (so they may not approve it), and keeps its machine origin."""
    claim = _locked_claim(claim_id, version)
    if claim.status != ClaimStatus.SUGGESTED:
        raise Conflict(f"claim {claim_id} is {claim.status}, not a suggestion", claim_snapshot(claim))
    check_open(claim.document)
    before = {"status": claim.status, "created_by": None, "version": claim.version}
    claim.status, claim.created_by = ClaimStatus.PENDING, actor
    claim.version, claim.updated_at = claim.version + 1, timezone.now()
    claim.save(update_fields=["status", "created_by", "version", "updated_at"])
    after = {"status": claim.status, "created_by": actor.get_username(), "version": claim.version}
    record_audit(claim.document.project_id, actor, "claim.accepted", claim, before, after)
    return claim


# Suggestions ------------------------------------------------------------------------------

# A pronoun names whoever the text named last: the source of the nearest preceding suggestion.
PRONOUNS = {"he", "she", "they", "it", "i", "we", "who"}
# Where the text names nobody (or a pronoun has nobody before it) the claim goes to this entry.
UNNAMED_SOURCE = "Unnamed source"


@dataclass
class SuggestionReport:
    mode: str
    created: int = 0  # suggested claims written
    replaced: int = 0  # unreviewed suggestions of an earlier run deleted
    skipped: int = 0  # attributions on the span of a claim that stays (a person's, or decided)
    new_sources: int = 0  # registry entries proposed, marked needs_review
    dropped_sources: int = 0  # entries proposed by an earlier run that nothing names any more

    def as_dict(self) -> dict:
        return asdict(self)

    def add(self, other: "SuggestionReport") -> None:
        """Sum another run's counts into this one (a command over many documents)."""
        for name, value in other.as_dict().items():
            if name != "mode":
                setattr(self, name, getattr(self, name) + value)


def suggest_for_document(document: Document, *, actor: Actor = None) -> SuggestionReport:
    """Run the suggester over the document and store what it proposes as suggested claims.

    The document's unreviewed suggestions (machine claims still suggested, with no review)
    are deleted first, each through delete_claim; people's claims and suggestions someone has
    accepted or decided stay as they are, and an attribution on exactly their span is skipped.
    Spans are stored as the annotation guide marks them (claims.suggest.guide), widened to
    whole characters where the suggester's tokens split one (an emoji sequence).
    Each source is looked up in the registry by the words naming it (case and apostrophe
    style ignored, then without a leading "the"); a name the registry lacks becomes a new
    entry marked needs_review. A pronoun ("he", "they") takes the source of the nearest
    suggestion before it in this run, else the shared "Unnamed source". Relays are outlets,
    in order, and become the claim's relay chain. The suggester runs before the transaction
    opens; everything it leads to is written in one, with a "document.suggested" audit row.
    The suggested claims themselves have no author (actor is who asked, for the audit)."""
    check_open(document)
    run = suggest(document.text)
    with transaction.atomic():
        # one run per document at a time: a second waits, then replaces this one's suggestions
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("project")
            .defer("raw")
            .get(pk=document.pk)
        )
        report = SuggestionReport(mode=run.mode)
        report.replaced, freed = _delete_unreviewed_suggestions(document, actor)
        # the spans of the claims that stay, with their sources (a pronoun after one takes it)
        kept = {(claim.start, claim.end): claim.source for claim in document.claims.select_related("source")}
        registry = _SuggestionRegistry(document.project, actor)
        previous: Source | None = None
        guide_marked = (
            _in_whole_characters(document.text, as_guide_marks(document.text, attribution))
            for attribution in run.attributions
        )
        for attribution in sorted(guide_marked, key=_reading_order):
            span = (attribution.content.start, attribution.content.end)
            if span in kept:
                report.skipped += 1
                previous = kept[span]
                continue
            named = attribution.source
            source = _suggested_source(registry, document.text, named, previous)
            previous = kept[span] = source
            via: list[Source] = []
            for relay in attribution.relays:
                outlet = registry.source_for(relay.of(document.text), kind=SourceKind.OUTLET)
                if outlet.pk != source.pk and outlet not in via:
                    via.append(outlet)
            create_claim(
                document,
                start=span[0],
                end=span[1],
                text=document.text[span[0] : span[1]],
                kind=attribution.kind
                if attribution.kind in AttributionKind.values
                else AttributionKind.INDIRECT,
                source=source,
                cue=(attribution.cue.start, attribution.cue.end),
                mentions=[MentionSpan(named.start, named.end)] if named else [],
                via=via,
                actor=None,
                origin=Origin.MACHINE,
            )
            report.created += 1
        report.new_sources = registry.created
        report.dropped_sources = _drop_unused_proposals(freed, actor)
        record_audit(document.project_id, actor, "document.suggested", document, after=report.as_dict())
    return report


def discard_unreviewed_suggestions(document: Document, actor: Actor) -> int:
    """Delete the machine's suggestions on the document that nobody acted on, and the proposed
    registry entries only they used (each deletion audited): what adjudication leaves of them,
    since a settled document takes no claim. Returns how many suggestions went."""
    deleted, freed = _delete_unreviewed_suggestions(document, actor)
    _drop_unused_proposals(freed, actor)
    return deleted


def _in_whole_characters(text: str, attribution: Attribution) -> Attribution:
    """The attribution with every span widened to the characters it cuts: the checks refuse a
    span that cuts one, and a suggestion must not fail the run."""
    return replace(
        attribution,
        content=whole_characters(text, attribution.content),
        cue=whole_characters(text, attribution.cue),
        source=whole_characters(text, attribution.source) if attribution.source else None,
        relays=tuple(whole_characters(text, relay) for relay in attribution.relays),
    )


def _reading_order(attribution) -> tuple[int, int]:
    first = attribution.content.start
    if attribution.source is not None:
        first = min(first, attribution.source.start)
    return first, attribution.content.start


def _delete_unreviewed_suggestions(document: Document, actor: Actor) -> tuple[int, set[int]]:
    """Delete the machine's suggestions nobody has acted on, through delete_claim; return how
    many, and the proposed registry entries (still needs_review) they used. The rows are locked
    first, so a suggestion accepted meanwhile is seen as accepted and kept."""
    unreviewed = (
        Claim.objects.select_for_update()
        .filter(document=document, status=ClaimStatus.SUGGESTED, origin=Origin.MACHINE)
        .exclude(Exists(ClaimReview.objects.filter(claim=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "version")
    )
    rows = list(unreviewed)
    ids = [claim_id for claim_id, _ in rows]
    used = Source.objects.filter(
        Q(claims__pk__in=ids) | Q(mentions__claim_id__in=ids) | Q(relays__claim_id__in=ids), needs_review=True
    )
    freed = set(used.values_list("pk", flat=True))
    for claim_id, version in rows:
        delete_claim(claim_id, actor=actor, version=version)
    return len(rows), freed


def _drop_unused_proposals(source_ids: set[int], actor: Actor) -> int:
    """Delete, through delete_source, the proposed entries among source_ids that nothing uses
    any more: a re-run that no longer names them leaves no stray entries for review."""
    unused = (
        Source.objects.filter(pk__in=source_ids, needs_review=True)
        .exclude(Exists(Claim.objects.filter(source=OuterRef("pk"))))
        .exclude(Exists(Mention.objects.filter(source=OuterRef("pk"))))
        .exclude(Exists(ClaimRelay.objects.filter(source=OuterRef("pk"))))
        .exclude(Exists(Source.objects.filter(affiliation=OuterRef("pk"))))
        .order_by("pk")
    )
    dropped = list(unused)
    for source in dropped:
        delete_source(source, actor=actor)
    return len(dropped)


def _suggested_source(registry, text: str, named: Span | None, previous: Source | None) -> Source:
    if named is None:
        return registry.unnamed()
    words = clean_name(named.of(text))
    if words.lower() in PRONOUNS:
        return previous or registry.unnamed()
    if names_no_one(words):
        return registry.unnamed()
    return registry.source_for(words)


class _SuggestionRegistry:
    """The project's registry as one suggestion run sees it: names looked up once each."""

    def __init__(self, project: Project, actor: Actor):
        self.project = project
        self.actor = actor
        self.known: dict[str, Source] = {}
        self.created = 0

    def source_for(self, words: str, *, kind: str | None = None) -> Source:
        words = clean_name(words)
        key = fold_name(words)
        if key not in self.known:
            self.known[key] = self._lookup(words) or self._propose(words, kind)
        return self.known[key]

    def unnamed(self) -> Source:
        key = fold_name(UNNAMED_SOURCE)
        if key not in self.known:
            match = find_alias(self.project, UNNAMED_SOURCE)
            self.known[key] = match.source if match else self._create(UNNAMED_SOURCE, SourceKind.ANONYMOUS)
        return self.known[key]

    def _lookup(self, words: str) -> Source | None:
        """By the words, then without a leading "the", then by the name before a comma
        ("Liu Huaming, deputy head of ..."), with and without "the"."""
        head = _name_before_comma(words)
        for name in dict.fromkeys([words, _without_article(words), head, _without_article(head)]):
            if name:
                match = _aliases_named(self.project, _apostrophe_variants(name)).first()
                if match is not None:
                    return match.source
        return None

    def _propose(self, words: str, kind: str | None) -> Source:
        """A new entry marked needs_review, named by the words before any comma without a
        leading "the"; the whole words, when longer, are its description."""
        head = _name_before_comma(words)
        name = _without_article(head) or head
        kind = kind or guess_source_kind(name)
        if kind in (SourceKind.GROUP, SourceKind.ANONYMOUS):
            name = name[:1].upper() + name[1:]
        description = f"Named in the text as “{words}”." if head != words else ""
        return self._create(name, kind, description=description, needs_review=True)

    def _create(self, name: str, kind: str, *, description: str = "", needs_review: bool = False) -> Source:
        if not needs_review:
            description = "Suggestions whose source the text does not name."
        try:
            with transaction.atomic():  # a savepoint: another run may file the same name first
                source = create_source(
                    self.project,
                    name=name,
                    kind=kind,
                    description=description,
                    needs_review=needs_review,
                    actor=self.actor,
                )
        except (IntegrityError, ValidationError):  # filed since we looked: use that entry
            match = _aliases_named(self.project, _apostrophe_variants(name)).first()
            if match is None:
                raise
            return match.source
        self.created += needs_review
        return source


def _name_before_comma(words: str) -> str:
    return words.split(",", 1)[0].strip()


def _apostrophe_variants(name: str) -> list[str]:
    return list(dict.fromkeys([name, name.replace("’", "'"), name.replace("'", "’")]))


def _without_article(words: str) -> str:
    """ "the Global Times" -> "Global Times"; "" when it does not start with "the"."""
    first, _, rest = words.partition(" ")
    return rest if first in ("the", "The") and rest else ""
