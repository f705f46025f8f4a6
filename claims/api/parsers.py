from io import BytesIO

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this server accepts."
    default_code = "request_too_large"


class LimitedJSONParser(JSONParser):
    """Refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before parsing it, whether or not the
    client declared its length."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        refuse_declared_length_over(limit, parser_context)
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise RequestTooLarge(f"The request body is over the limit of {limit} bytes.")
        try:
            return super().parse(BytesIO(body), media_type, parser_context)
        except RecursionError as error:  # a small body can nest deeper than Python's json reads
            raise ParseError("JSON parse error - the body nests arrays or objects too deeply") from error


class LimitedMultiPartParser(MultiPartParser):
    """Uploaded files, refused over DOCUMENT_UPLOAD_MAX_BYTES in all before any is read. Django
    streams multipart bodies by their declared length, which it requires."""

    def parse(self, stream, media_type=None, parser_context=None):
        refuse_declared_length_over(settings.DOCUMENT_UPLOAD_MAX_BYTES, parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFilesSent as error:  # Django's own limit, else answered as an HTML page
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
            raise ValidationError({"files": [f"at most {limit} files in one request"]}) from error


def refuse_declared_length_over(limit: int, parser_context: dict | None) -> None:
    request = (parser_context or {}).get("request")
    declared = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    if declared > limit:
        raise RequestTooLarge(f"The request body has {declared} bytes; the limit is {limit}.")
