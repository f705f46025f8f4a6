"""Page furniture: lines a news page shows around an article that are not article text."""

import re

_EXACT = {
    "like us on facebook",
    "follow us on twitter",
    "email story",
    "comment on this story",
    "print story",
    "make ct your homepage",
    "real time analytics",
    "more listening options",
    "view full site",
}

_PATTERNS = [
    re.compile(r"(also read|read more)\b\s*[:\-–—]", re.IGNORECASE),
    re.compile(r"tag:\s", re.IGNORECASE),
    # comment-form boilerplate
    re.compile(r"(add your comment|leave a comment|comments are (approved|moderated))\b", re.IGNORECASE),
    # an embedded video or link standing alone
    re.compile(r"https?://\S+$"),
]

# A lone word is a tag or an image's alt text on a news page, never a paragraph.
_LONE_WORD = re.compile(r"[\w’'-]{1,40}")


def is_furniture(line: str) -> bool:
    return line.lower() in _EXACT or any(pattern.match(line) for pattern in _PATTERNS)


def is_lone_word(line: str) -> bool:
    """True for a tag line in an article body; a one-word headline is not one."""
    return bool(_LONE_WORD.fullmatch(line))
