"""Content negotiation for endpoints whose answer's type is fixed by the endpoint or its query
(an export's ?format=, an analytics CSV), not by the Accept header: no 406 for a client that
asks for text/csv or application/ld+json; errors still answer JSON."""

from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation


class FixedNegotiation(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def fixed_type_download(**kwargs):
    """The action decorator of a GET on one object whose answer's type the endpoint fixes: no
    filters, no pages, no 406."""
    return action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        content_negotiation_class=FixedNegotiation,
        **kwargs,
    )


class _FormatQueryParameter:
    URL_FORMAT_OVERRIDE = "format"


class FormatQueryNegotiation(DefaultContentNegotiation):
    """?format= picks the renderer, as DRF's default does: for the OpenAPI schema (?format=json),
    where the project's settings leave ?format= to the export formats."""

    settings = _FormatQueryParameter()
