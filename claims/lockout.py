"""django-axes' sign-in lockout: the user name it records for a failure, and the answer to a
sign-in it refuses after too many failures, a JSON error for the API's token endpoint, a page
for people, both 429 with Retry-After."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = (
        f"Too many failed sign-ins for this user name from your address; "
        f"try again in {seconds // 60} minutes."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


USERNAME_COLUMN_LENGTH = 255  # axes' AccessAttempt.username


def lockout_username(request, credentials=None):
    """The user name a failed sign-in tried, as axes records it, cut to its column: a longer one
    belongs to nobody (user names hold 150 characters) and would otherwise fail the record's
    insert, answering 500 instead of refusing the sign-in."""
    fields = credentials or getattr(request, "data", request.POST)
    name = fields.get(settings.AXES_USERNAME_FORM_FIELD)
    return name[:USERNAME_COLUMN_LENGTH] if isinstance(name, str) else name
