"""How a source's name is stored and looked up: one cleaning for what the registry stores and
what a search asks for, so that the two compare."""

import unicodedata

# Characters that show nothing and are not whitespace to str.split: the format ones (category
# Cf: zero-width space, joiners, direction marks, BOM, soft hyphen) and controls (Cc) by
# category, and the other Default_Ignorable_Code_Point characters (Hangul fillers, variation
# selectors, ...) listed here.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})
_INVISIBLE_OTHERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def clean_name(name: str) -> str:
    """NFC, as document text is (claims.ingest.normalise), so a name typed decomposed is the
    name stored composed; runs of whitespace as one space; and invisible characters at either
    end of each word dropped like the spaces beside them, so "\u200bXinhua" cannot pass for a
    second Xinhua. Inside a word they stay: a joiner there can change how the word is written.
    A name of nothing visible comes out blank, which the checks refuse."""
    words = (_strip_invisible(word) for word in unicodedata.normalize("NFC", str(name)).split())
    return " ".join(word for word in words if word)


def _strip_invisible(word: str) -> str:
    start, end = 0, len(word)
    while start < end and _is_invisible(word[start]):
        start += 1
    while end > start and _is_invisible(word[end - 1]):
        end -= 1
    return word[start:end]


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _INVISIBLE_OTHERS
