import datetime
import hashlib
from dataclasses import dataclass

from claims.models import Document

_SHORTENED = ("title", "outlet", "byline")  # a long first line must not refuse the article


@dataclass(frozen=True)
class Article:
    """One article as read from an input file, its text already normalised."""

    title: str
    text: str
    raw: str
    outlet: str = ""
    byline: str = ""
    url: str = ""
    published_on: datetime.date | None = None

    def __post_init__(self):
        """Metadata cut to what a document holds: a title, outlet or byline shortened with "…";
        a web address too long to keep whole is left out."""
        for name in _SHORTENED:
            limit = Document._meta.get_field(name).max_length
            value = getattr(self, name)
            if len(value) > limit:
                object.__setattr__(self, name, value[: limit - 1].rstrip() + "…")
        if len(self.url) > Document._meta.get_field("url").max_length:
            object.__setattr__(self, "url", "")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
