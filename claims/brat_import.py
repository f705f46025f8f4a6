"""Storing brat standoff attribution corpora (PolNeAR) in a project, through the services.

Each ``.ann`` file is one annotator's work on one text and is stored in one transaction:

- **Document.** The text in the project's normal form (NFC, ``\\n`` line ends, no byte order
  mark), the ``.txt`` as read kept as ``raw``. When normalisation changes the text, every brat
  offset is carried over by :func:`claims.ingest.brat.normalise_text`'s map (a span that ends
  inside a character NFC composes grows to the whole character); nothing is skipped for it.
  In PolNeAR 25 of the 924 train and dev texts change (decomposed accents, ``e`` + U+0301),
  none has ``\r`` or a byte order mark, and no annotated span ends inside a character.
  Title: the first non-empty line. A text already in the project (same SHA-256, as when
  several annotators annotate one text) is reused.
- **Annotator.** User ``brat-<annotator>``, created inactive with an unusable password when
  missing, and made an annotator of the project unless already a member. Their claims are
  created by them, so agreement can be computed per annotator.
- **Claims.** One pending human claim per attribution (``services.create_claim``): the
  envelope of the content fragments; the cue's envelope; the source's envelope as a mention of
  a registry source found by its surface text (``services.find_alias``) or else created with
  the kind :func:`guess_source_kind` gives. Attributions without a source share the source
  "Unnamed source" (anonymous). Kind: direct when the content starts and ends with a double
  quotation mark, else indirect. An attribution the checks refuse, such as one whose span
  starts or ends inside a character of the text as brat has it (an emoji sequence, a flag, a
  letter and its combining mark), is skipped and reported with its line: it is the corpus's
  mark, not one normalisation moved, so it is not widened.
- **Re-running** adds nothing: an attribution whose span and source the same annotator
  already has on the document is skipped as "already stored".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import services
from claims.ingest import Article
from claims.ingest.brat import (
    BratAttribution,
    BratFile,
    NormalisedText,
    Span,
    UnmappableText,
    envelope,
    normalise_text,
    read_brat_file,
)
from claims.models import (
    Claim,
    Document,
    Membership,
    Project,
    Role,
    Source,
    SourceAlias,
    SourceKind,
)
from claims.quotation import attribution_kind
from claims.source_kinds import guess_source_kind

UNNAMED_SOURCE = "Unnamed source"
USERNAME_PREFIX = "brat-"

_TITLE_LENGTH = 500
_NAME_LENGTH = 300
_SOURCE_FILE_LENGTH = 500

# Skip reasons, as the summary names them.
ALREADY_STORED = "already stored"
NO_CONTENT = "no content"
UNREADABLE = "unreadable event"
LOST = "span lost in normalisation"
REFUSED = "refused by the checks"


# Source kinds -----------------------------------------------------------------------------


def username_for(annotator: str) -> str:
    """``brat-<annotator>``, keeping only the characters Django's usernames allow."""
    cleaned = re.sub(r"[^\w.@+-]+", "-", annotator).strip("-") or "brat"
    return f"{USERNAME_PREFIX}{cleaned}"[:150]


def document_title(text: str) -> str:
    """The first non-empty line, trimmed, at most 500 characters."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:_TITLE_LENGTH]
    return ""


# The import -------------------------------------------------------------------------------


@dataclass
class BratImportSummary:
    """What a run read, stored and skipped; counts only files whose transaction committed."""

    files: int = 0
    files_skipped: Counter = field(default_factory=Counter)
    documents_new: int = 0
    documents_reused: int = 0
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)
    files_normalised: int = 0
    spans_widened: int = 0
    annotators: set[str] = field(default_factory=set)

    def line(self, slug: str) -> str:
        outcome = f"imported {self.imported} attributions" if self.imported else "nothing new to import"
        parts = [
            f"Project {slug!r}: {outcome}.",
            f"Files: {self.files} ({_counted(self.files_skipped, 'skipped')}).",
            f"Documents: {self.documents_new} new, {self.documents_reused} reused.",
            f"Attributions: {self.imported} imported, {_counted(self.skipped, 'skipped')}.",
        ]
        if self.files_normalised:
            parts.append(
                f"Texts normalised (NFC, \\n line ends): {self.files_normalised} files, offsets mapped, "
                f"{self.spans_widened} spans widened to whole characters."
            )
        names = ", ".join(sorted(self.annotators))
        parts.append(f"Annotators: {len(self.annotators)}" + (f" ({names})." if names else "."))
        return " ".join(parts)


def _counted(reasons: Counter, what: str) -> str:
    total = sum(reasons.values())
    if not total:
        return f"0 {what}"
    return f"{total} {what}: " + ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))


@dataclass
class _FileResult:
    document_new: bool = False
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)
    widened: int = 0
    sources: dict[str, Source] = field(default_factory=dict)


class BratImporter:
    """Imports brat files into one project, one transaction per ``.ann`` file, keeping the
    annotators and the registry sources it has found so far for the whole run; ``summary``
    adds up what each file did."""

    def __init__(self, project: Project, *, actor: services.Actor = None):
        self.project = project
        self.actor = actor
        self.summary = BratImportSummary()
        self._users: dict[str, object] = {}
        # every name and alias of the registry, folded, read once: no lookup per claim
        self._sources: dict[str, Source] = {
            services.fold_name(alias.name): alias.source
            for alias in SourceAlias.objects.filter(project=project).select_related("source")
        }

    def import_file(self, brat_file: BratFile) -> list[str]:
        """Store one ``.ann`` file; returns what a person should read about the file or the
        attributions it skipped (already stored ones aside)."""
        self.summary.files += 1
        where = brat_file.ann_path
        messages: list[str] = []
        try:
            raw, attributions, problems = read_brat_file(brat_file)
            normal = normalise_text(raw)
        except FileNotFoundError as error:
            return self._skip_file(where, f"missing {Path(error.filename).name}")
        except OSError as error:
            return self._skip_file(where, error.strerror or str(error))
        except UnicodeDecodeError as error:
            return self._skip_file(
                where, f"not UTF-8 (byte 0x{error.object[error.start]:02x} at {error.start})"
            )
        except UnmappableText as error:
            return self._skip_file(where, str(error))
        if not document_title(normal.text):
            return self._skip_file(where, "empty text")
        user = self._annotator(brat_file.annotator)
        result = _FileResult()
        with transaction.atomic():
            document, result.document_new = self._document(normal, raw, brat_file.text_path)
            stored = set(
                Claim.objects.filter(document=document, created_by=user).values_list(
                    "start", "end", "source_id"
                )
            )
            for attribution in attributions:
                reason, detail = self._store(document, normal, attribution, user, stored, result)
                if reason:
                    result.skipped[reason] += 1
                    if reason != ALREADY_STORED:
                        messages.append(
                            f"{where}: line {attribution.line}: {attribution.event_id}: {detail or reason}"
                        )
        self._sources.update(result.sources)
        messages.extend(f"{where}: {problem}" for problem in problems)
        result.skipped[UNREADABLE] += len(problems)
        self._count(result, normal, brat_file.annotator)
        return messages

    def _skip_file(self, where: Path, reason: str) -> list[str]:
        self.summary.files_skipped[reason] += 1
        return [f"skipped {where}: {reason}"]

    def _count(self, result: _FileResult, normal: NormalisedText, annotator: str) -> None:
        summary = self.summary
        summary.documents_new += result.document_new
        summary.documents_reused += not result.document_new
        summary.imported += result.imported
        summary.skipped.update({reason: n for reason, n in result.skipped.items() if n})
        summary.files_normalised += normal.changed
        summary.spans_widened += result.widened
        summary.annotators.add(annotator)

    def _annotator(self, annotator: str):
        username = username_for(annotator)
        if username in self._users:
            return self._users[username]
        with transaction.atomic():
            user = services.placeholder_users(self.project, [username], actor=self.actor)[username]
            if not Membership.objects.filter(project=self.project, user=user).exists():
                services.set_membership(self.project, user, Role.ANNOTATOR, actor=self.actor)
        self._users[username] = user
        return user

    def _document(self, normal: NormalisedText, raw: str, text_path: Path) -> tuple[Document, bool]:
        """The project's document holding the normal text, and whether it is new."""
        article = Article(title=document_title(normal.text), text=normal.text, raw=raw)
        document = Document.objects.filter(project=self.project, sha256=article.sha256).first()
        if document is not None:
            return document, False
        imported = services.import_articles(
            self.project, [article], source_file=str(text_path)[:_SOURCE_FILE_LENGTH], actor=self.actor
        )
        return imported.imported[0], True

    def _store(
        self,
        document: Document,
        normal: NormalisedText,
        attribution: BratAttribution,
        user,
        stored: set[tuple[int, int, int]],
        result: _FileResult,
    ) -> tuple[str, str]:
        """Store one attribution as a claim; the reason it was skipped and a detail, or empty
        strings when it was stored."""
        if not attribution.content:
            return NO_CONTENT, "no content: nothing to claim"
        roles = {}
        for role in ("content", "cue", "source"):
            spans = []
            for span in getattr(attribution, role):
                mapped, widened = normal.map_span(span)
                if mapped is None:
                    return LOST, f"{role} {span.start}-{span.end}: nothing left after normalisation"
                result.widened += widened
                spans.append(mapped)
            roles[role] = spans
        content = envelope(roles["content"])
        cue = envelope(roles["cue"])
        mention = envelope(roles["source"])
        source = self._source(document.text, roles["source"], result)
        if (content.start, content.end, source.pk) in stored:
            return ALREADY_STORED, ""
        text = content.of(document.text)
        try:
            services.create_claim(
                document,
                start=content.start,
                end=content.end,
                text=text,
                kind=attribution_kind(text),
                source=source,
                cue=(cue.start, cue.end) if cue else None,
                mentions=[services.MentionSpan(mention.start, mention.end)] if mention else [],
                actor=user,
            )
        except ValidationError as error:
            return REFUSED, f"{REFUSED}: {'; '.join(error.messages)}"
        stored.add((content.start, content.end, source.pk))
        result.imported += 1
        return "", ""

    def _source(self, text: str, spans: list[Span], result: _FileResult) -> Source:
        """The registry source named by the spans' text (fragments joined by a space), found
        by name or alias ignoring case and apostrophe style, or created; "Unnamed source" when
        there are none."""
        name = " ".join(" ".join(span.of(text) for span in spans).split())[:_NAME_LENGTH].strip()
        kind = guess_source_kind(name) if name else SourceKind.ANONYMOUS
        name = name or UNNAMED_SOURCE
        key = services.fold_name(name)
        source = self._sources.get(key) or result.sources.get(key)
        if source is None:
            alias = services.find_alias(self.project, name)
            if alias is not None:
                source = alias.source
            else:
                source = services.create_source(self.project, name=name, kind=kind, actor=self.actor)
            result.sources[key] = source
        return source
