"""The OpenAPI schema is one a client can generate code from: no component named twice (two
serializers called "Transition" gave the report's history the project's shape), and every set
of choices named after its class (ProjectStatusEnum, not Status3baEnum)."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def test_the_schema_is_generated_without_warnings_or_errors():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(public=True)
    assert list(GENERATOR_STATS._warn_cache) == []
    assert list(GENERATOR_STATS._error_cache) == []
    enums = {name for name in schema["components"]["schemas"] if name.endswith("Enum")}
    assert {"ProjectStatusEnum", "ReportStatusEnum", "RequestStatusEnum", "IdeaStatusEnum"} <= enums
    assert not [name for name in enums if any(c.isdigit() for c in name)]
    transitions = schema["components"]["schemas"]["ReportTransition"]["properties"]
    assert transitions["to_status"] == {"$ref": "#/components/schemas/ReportStatusEnum"}
