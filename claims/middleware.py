"""While the database is away (a restart, a failover, a dropped connection) every request
answers 503 with Retry-After rather than 500: the failure is the server's, passing, and worth
retrying. Django closes the broken connection at the end of the request and its health check
opens a new one on the next, so the app recovers without a restart."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5
MESSAGE = "The database is unavailable for a moment; nothing was stored. Try again shortly."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": MESSAGE}, status=503)
        else:
            # rendered without the request: its context processors would query the database
            response = HttpResponse(
                render_to_string("claims/unavailable.html", {"message": MESSAGE}), status=503
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
