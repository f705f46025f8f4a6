"""A claim's history, read from its audit rows: who changed what and when, each change in one
line a person can read after its author's name ("edited: span, source Officials → Global
Times"; the machine "suggested, attributed to RFA"). Two queries whatever
the length: the rows with their actors, then the names of every source they mention."""

from dataclasses import dataclass

from claims.models import AttributionKind, AuditEvent, Source

_VERDICTS = {"approve": "approved", "reject": "rejected", "reopen": "reopened"}
# Snapshot fields an edit can change, as a person names them; source and kind also say what
# they were and became.
_EDITED_FIELDS = {
    ("start", "end", "text"): "span",
    ("source",): "source",
    ("kind",): "kind",
    ("cue",): "cue",
    ("mentions",): "mentions",
    ("via",): "relay chain",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    by: str | None  # None: a management command or the machine
    action: str
    summary: str
    before: dict | None
    after: dict | None


def claim_history(claim_id: int) -> list[HistoryEntry]:
    events = list(
        AuditEvent.objects.filter(target_type="claim", target_id=claim_id)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    names = _merged_names(events) | dict(
        Source.objects.filter(pk__in=_source_ids(events)).values_list("pk", "name")
    )
    return [
        HistoryEntry(
            at=event.created_at.isoformat().replace("+00:00", "Z"),
            by=event.actor.get_username() if event.actor else None,
            action=event.action,
            summary=_summary(event, names),
            before=event.before,
            after=event.after,
        )
        for event in events
    ]


def _source_ids(events: list[AuditEvent]) -> set[int]:
    ids = set()
    for event in events:
        for state in (event.before or {}, event.after or {}):
            if isinstance(state.get("source"), int):
                ids.add(state["source"])
            ids.update(source for source in state.get("via", []) if isinstance(source, int))
    return ids


def _merged_names(events: list[AuditEvent]) -> dict[int, str]:
    """The names of sources merged away, which their merge rows keep."""
    return {
        event.before["source"]: event.before["merged_source"]
        for event in events
        if event.action == "claim.source_merged"
    }


def _summary(event: AuditEvent, names: dict[int, str]) -> str:
    before, after = event.before or {}, event.after or {}
    match event.action:
        case "claim.created":
            source = names.get(after.get("source"), "a deleted source")
            made = "suggested" if after.get("origin") == "machine" else "created"
            return f"{made}, attributed to {source}"
        case "claim.edited":
            edits = ", ".join(_edits(before, after, names)) or "nothing changed"
            revised = before.get("status") == "rejected" and after.get("status") == "pending"
            return (
                f"revised after its rejection, for review again: {edits}" if revised else f"edited: {edits}"
            )
        case "claim.reviewed":
            verdict = _VERDICTS.get(after.get("verdict"), after.get("verdict", "reviewed"))
            comment = after.get("comment")
            return f"{verdict}: “{comment}”" if comment else verdict
        case "claim.accepted":
            return "accepted the suggestion as their claim"
        case "claim.source_merged":
            return f"source {before.get('merged_source')} merged into {after.get('merged_into')}"
    return event.action


def _edits(before: dict, after: dict, names: dict[int, str]) -> list[str]:
    readable = {
        "source": lambda state: names.get(state.get("source"), "a deleted source"),
        "kind": lambda state: _kind_label(state.get("kind")),
    }
    changes = []
    for keys, label in _EDITED_FIELDS.items():
        if all(before.get(key) == after.get(key) for key in keys):
            continue
        if label in readable:
            label = f"{label} {readable[label](before)} → {readable[label](after)}"
        changes.append(label)
    return changes


def _kind_label(kind: str | None) -> str:
    return AttributionKind(kind).label if kind in AttributionKind.values else str(kind)
