"""Attribution suggestions from text alone: who says what, with which words, through whom.

``suggest(text)`` reads an article and proposes attributions as spans of the text in code
points. It knows nothing of the database; ``claims.services.suggest_for_document`` turns the
proposals into suggested claims linked to the project's registry.
"""

from claims.suggest.model import Attribution, Span, SuggestionRun
from claims.suggest.run import suggest

__all__ = ["Attribution", "Span", "SuggestionRun", "suggest"]
