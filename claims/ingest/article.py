import datetime
import hashlib
from dataclasses import dataclass


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

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
