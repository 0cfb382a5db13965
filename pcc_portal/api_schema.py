"""Additions to the generated OpenAPI document that hold for every operation."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

COMMON_RESPONSES = {
    "400": "A query parameter is not valid; the body names it and the rule.",
    "404": "No published record has this identifier, or the page number is out of range.",
    "429": "Too many requests from this address; try again later.",
}


def add_common_responses(result, generator, request, public):
    """Document the error answers every read-only operation can give (post-processing hook)."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_RESPONSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return result
