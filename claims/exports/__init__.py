"""Exports of a project's claims, one module per format, each streamed in chunks of text.

``export(query, name)`` checks the format at once and returns a generator: nothing is read
from the database until the first chunk is asked for, so a view can hand it straight to a
``StreamingHttpResponse`` and a command can write it to a file chunk by chunk. A format is
one module defining ``FORMAT``; listing the module in ``_FORMAT_MODULES`` registers it.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from claims.models import ClaimStatus, Project


@dataclass(frozen=True)
class ExportQuery:
    """What to export: the project's claims, optionally only some of them."""

    project: Project
    statuses: tuple[str, ...] = ()  # empty = all statuses
    source_id: int | None = None  # claims attributed to this source
    document_id: int | None = None  # only this document
    base_url: str = "http://127.0.0.1:8000/"  # absolute IRIs in w3c ids, ends with "/"
    # told how many documents each batch wrote, for a job's progress
    on_batch: Callable[[int], None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        unknown = sorted(set(self.statuses) - set(ClaimStatus.values))
        if unknown:
            raise ValueError(
                f"unknown status {', '.join(map(repr, unknown))}; expected {', '.join(ClaimStatus.values)}"
            )
        if not self.base_url.endswith("/"):
            raise ValueError(f"base_url must end with '/': {self.base_url!r}")

    def document_total(self) -> int:
        """How many documents the export reads, the whole that on_batch counts towards (formats
        that pass over documents without a matching claim report fewer)."""
        documents = self.project.documents.all()
        if self.document_id is not None:
            documents = documents.filter(pk=self.document_id)
        return documents.count()

    @property
    def filters_claims(self) -> bool:
        """Whether only some claims of a document are exported (document_id picks documents)."""
        return bool(self.statuses) or self.source_id is not None


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    write: Callable[[ExportQuery], Iterator[str]]  # yields text chunks


_FORMAT_MODULES = ("json_export", "jsonl_export", "w3c_export", "csv_export", "csv_excel_export")

FORMATS: dict[str, ExportFormat] = {
    module.FORMAT.name: module.FORMAT
    for module in (import_module(f"{__name__}.{name}") for name in _FORMAT_MODULES)
}


def export(query: ExportQuery, format_name: str) -> Iterator[str]:
    """The export of query in the named format, as a generator of text chunks."""
    try:
        export_format = FORMATS[format_name]
    except KeyError:
        raise ValueError(
            f"unknown export format {format_name!r}; expected one of {', '.join(FORMATS)}"
        ) from None
    return export_format.write(query)


def write_file(path: Path, chunks: Iterable[str]) -> None:
    """Write an export chunk by chunk beside the file, then put it in place: a failed export
    leaves any previous file as it was rather than half-written. Raises OSError."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as file:
            for chunk in chunks:
                file.write(chunk)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
