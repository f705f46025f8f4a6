from claims.suggest import lexical
from claims.suggest.model import SuggestionRun


def suggest(text: str) -> SuggestionRun:
    """Proposed attributions of the article; the parser's rules when its model is installed,
    else the lexical ones."""
    return SuggestionRun(mode="lexical", attributions=tuple(lexical.attributions(text)))
