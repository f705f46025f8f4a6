"""Reading news pages into articles: one reader per input format, chosen by file suffix."""

from claims.ingest.article import Article
from claims.ingest.files import (
    UnreadableFile,
    is_article_file,
    iter_input_files,
    read_articles,
    read_file_content,
)

__all__ = [
    "Article",
    "UnreadableFile",
    "is_article_file",
    "iter_input_files",
    "read_articles",
    "read_file_content",
]
