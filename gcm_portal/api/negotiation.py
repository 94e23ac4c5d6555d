from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JsonUnlessAsked(DefaultContentNegotiation):
    """Negotiate as usual, but answer with the first renderer (JSON) rather than 406.

    The API speaks JSON only; a download sends its file whatever the Accept header says, and
    its errors still come in the shared JSON shape.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type
