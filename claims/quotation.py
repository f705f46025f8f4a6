"""Quotation marks, and the attribution kind they make of a claim's content, for the claims that
the brat import and the suggester create. No Django here: the suggester runs without it."""

OPENING_MARKS = "\"“‘'„«"
CLOSING_MARKS = "\"”’'»"
_DOUBLE_MARKS = '"“”„«»'
# Wire copy sometimes closes a quotation with an opening mark: “We call for unity, “China Daily
# quoted Geng as saying. Whatever reads where a quotation ends reads this mark as closing.
STRAY_CLOSING_MARK = "“"


def attribution_kind(content: str) -> str:
    """The guide's kinds: ``direct`` when the content is one quotation, ``mixed`` when only part
    of it is quoted, ``indirect`` otherwise. A quotation closed by an opening mark, as wire copy
    sometimes types it (STRAY_CLOSING_MARK), still counts as closed."""
    content = content.strip()
    if len(content) < 2:
        return "indirect"
    starts = content[0] in OPENING_MARKS
    if starts and (content[-1] in CLOSING_MARKS or content[-1] == STRAY_CLOSING_MARK):
        return "direct"
    if any(mark in content for mark in _DOUBLE_MARKS):
        return "mixed"
    return "indirect"
