"""Schema post-processing: every operation documents the errors it can give, with the shape DRF
gives them, so a client (and schemathesis) knows what to expect."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `detail` for the whole request, or one list of messages per field; "
    "`rule`: the code of the rule that refused it.",
    "additionalProperties": True,
}

ERRORS = {
    "400": "The request is invalid: the body names each field and the rule it breaks.",
    "401": "Not logged in.",
    "403": "Logged in, but this account may not do this here.",
    "404": "No such deal or record.",
    "409": "Someone else changed the record after you read it (optimistic locking): read it again.",
}


def add_error_responses(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status == "409" and method == "get":
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
            if method == "delete" or method in {"post", "put", "patch"}:
                responses.setdefault("405", {"description": "This method is not allowed here."})
            if method in {"post", "put", "patch"}:
                responses.setdefault(
                    "413",
                    {
                        "description": "The body is larger than the limit (REGIODEAL_API_JSON_MAX_BYTES).",
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
                responses.setdefault(
                    "415",
                    {
                        "description": "The body's Content-Type is missing or not one of this "
                        "operation's request body types (JSON, a form, or multipart).",
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return result
