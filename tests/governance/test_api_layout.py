"""The governance API by sub-domain: each kind of request is filed through one entry of a table,
and no module of the package grows past 600 lines."""

from __future__ import annotations

from pathlib import Path

from regiodeal.governance import api
from regiodeal.governance.api.requests import FILINGS
from regiodeal.governance.constants import RequestKind


def test_every_kind_of_request_has_one_filing_and_only_an_accession_is_filed_without_a_party():
    assert set(FILINGS) == set(RequestKind.values)
    assert [kind for kind, filing in FILINGS.items() if not filing.by_party] == [RequestKind.ACCESSION]


def test_no_module_of_the_governance_api_is_over_600_lines():
    package = Path(api.__file__).parent
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in package.glob("*.py")}
    assert len(sizes) > 1 and max(sizes.values()) <= 600, sizes
