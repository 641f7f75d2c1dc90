"""Fixtures of other test packages that the security tests reuse."""

from tests.finance.conftest import book, projects  # noqa: F401
from tests.results.conftest import measurable  # noqa: F401
