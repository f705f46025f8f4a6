"""HTML news pages, reduced to their article by trafilatura."""

import datetime

from claims.ingest.article import Article
from claims.ingest.furniture import is_furniture, is_lone_word
from claims.ingest.normalise import join_paragraphs, normalise_lines


def read_html_page(raw: str) -> list[Article]:
    import trafilatura  # imported on use: it takes a second to load and most imports are text

    extracted = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    if extracted is None or not (extracted.text or "").strip():
        return []
    lines = [
        line
        for line in normalise_lines(extracted.text)
        if line and not is_furniture(line) and not is_lone_word(line)
    ]
    title = " ".join(normalise_lines(extracted.title or "")).strip() or (lines[0] if lines else "")
    paragraphs = join_paragraphs(lines)
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not title:
        return []
    return [
        Article(
            title=title,
            text="\n\n".join([title, *paragraphs]),
            raw=raw,
            outlet=extracted.sitename or "",
            byline=extracted.author or "",
            url=extracted.url or "",
            published_on=_date(extracted.date),
        )
    ]


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
