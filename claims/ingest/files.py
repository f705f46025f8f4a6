"""Finding input files, decoding them strictly, and choosing a reader by suffix."""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from claims.ingest.article import Article
from claims.ingest.html_page import read_html_page
from claims.ingest.text_page import read_text_page

Reader = Callable[[str], list[Article]]

READERS: dict[str, Reader] = {
    ".txt": read_text_page,
    ".html": read_html_page,
    ".htm": read_html_page,
}

_BINARY_SNIFF_BYTES = 8192


class UnreadableFile(Exception):
    """An input file that cannot be imported; the message says why."""


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each named file, and every file inside each named folder in name order, hidden ones
    (.DS_Store, .git/) left out; reading a file of another type says so, so nothing in a folder
    is passed over unsaid."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
        else:
            yield path


def is_article_file(path: Path) -> bool:
    return path.suffix.lower() in READERS


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_articles(path: Path) -> list[Article]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    return read_file_content(path.name, data)


def read_file_content(name: str, data: bytes) -> list[Article]:
    """The articles in one file's bytes (read from disk, or uploaded), its reader chosen by
    the suffix of its name."""
    suffix = Path(name).suffix
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise UnreadableFile(f"unsupported file type {suffix or '(none)'}; expected {', '.join(READERS)}")
    articles = reader(decode(data))
    if not articles:
        raise UnreadableFile("no article text found")
    return articles


def decode(data: bytes) -> str:
    if not data.strip():
        raise UnreadableFile("empty file")
    nul = data.find(b"\x00", 0, _BINARY_SNIFF_BYTES)
    if nul != -1:
        raise UnreadableFile(f"binary file (NUL byte at offset {nul})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from error
