"""Every error answers JSON naming what went wrong: ``{"field": ["message"]}`` for bad input,
``{"detail": "...", "current": {...}}`` for a conflict with the stored state."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from claims.errors import Conflict


def handle_exception(exc, context):
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = {"detail": f"The request body is over the limit of {limit} bytes."}
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ObjectDoesNotExist):  # gone between the lookup and the change: a re-run removed it
        return Response({"detail": "Not found: it no longer exists."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, Conflict):
        body = {"detail": str(exc)}
        if exc.current is not None:
            body["current"] = exc.current
        return Response(body, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)


def not_found(request, exception):
    """Django's handler404, for a path no route takes: JSON under /api/, as every API error is,
    and the site's own page elsewhere."""
    root = reverse("api-root")
    if request.path.startswith(root):
        body = {"detail": f"Not found: no endpoint at {request.path}; the API's lists are at {root}."}
        return JsonResponse(body, status=status.HTTP_404_NOT_FOUND)
    return page_not_found(request, exception)
