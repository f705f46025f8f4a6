"""The OpenAPI schema's error answers (a drf-spectacular postprocessing hook). The views document
their successes and the conflicts peculiar to them; the answers every operation may give are
added here, each with the body claims.api.errors gives it."""

_DETAIL = {"type": "string", "description": "What went wrong, in words."}

ERROR_SCHEMAS = {
    "Error": {"type": "object", "properties": {"detail": _DETAIL}, "required": ["detail"]},
    "FieldErrors": {
        "type": "object",
        "description": "Each field with what is wrong with it, {field: [message]}, nested for the "
        "items of a list; problems of no one field under detail or non_field_errors.",
        "additionalProperties": {},
    },
    "Conflict": {
        "type": "object",
        "properties": {
            "detail": _DETAIL,
            "current": {
                "type": "object",
                "additionalProperties": {},
                "description": "The claim as it now stands, where the clash is with a claim.",
            },
        },
        "required": ["detail"],
    },
}

_BAD_REQUEST = ("400", "The input is refused: the body names each field and its problem.", "FieldErrors")
_SIGNED_OUT = ("401", "No credentials, or a token that is not valid.", "Error")
_FORBIDDEN = (
    "403",
    "The caller's role in the project does not allow it (or a session without its CSRF token).",
    "Error",
)
_NOT_FOUND = ("404", "No such object among those the caller may see.", "Error")
_CONFLICT = ("409", "The request clashes with the stored state.", "Conflict")
_LOCKED_OUT = ("429", "Too many failed tries.", "Error")


def _errors(path: str, method: str, operation: dict) -> list[tuple[str, str, str]]:
    signed_in = operation.get("security") and {} not in operation["security"]
    takes_input = method in ("post", "put", "patch") or any(
        parameter["in"] == "query" for parameter in operation.get("parameters", [])
    )
    return [
        *([_BAD_REQUEST] if takes_input else []),
        *([_SIGNED_OUT, _FORBIDDEN] if signed_in else []),
        *([_NOT_FOUND] if "{" in path else []),
        # these two the views document where they happen; the hook gives them their body
        *([_CONFLICT] if "409" in operation["responses"] else []),
        *([_LOCKED_OUT] if "429" in operation["responses"] else []),
    ]


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            for code, description, component in _errors(path, method, operation):
                answer = operation["responses"].setdefault(code, {"description": description})
                answer.setdefault(
                    "content", {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}
                )
    return result
