"""Content negotiation for endpoints whose answer's type is fixed by the endpoint or its query
(an export's ?format=, an analytics CSV), not by the Accept header: no 406 for a client that
asks for text/csv or application/ld+json; errors still answer JSON."""

from rest_framework.negotiation import BaseContentNegotiation


class FixedNegotiation(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
