from tests.governance.conftest import signed  # noqa: F401 - the deal in force, shared
