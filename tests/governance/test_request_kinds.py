"""The kinds of request (Art. 10-13, 19.2) are one table, `governance/filing.py`: the screen's
form and the API's body of each kind say their input in the service's words, and the table says
which service files it and for which Party."""

from __future__ import annotations

from importlib import import_module

from regiodeal.governance import filing
from regiodeal.governance.constants import RequestKind

# The modules themselves: the packages' `requests` is the view of the same name.
api = import_module("regiodeal.governance.api.requests")
screens = import_module("regiodeal.governance.views.requests")


def test_the_screen_and_the_api_file_every_kind_of_request_through_the_one_table():
    assert api.FILINGS is screens.FILINGS is filing.FILINGS
    assert set(screens.FORM_FIELDS) == set(api.BODY_FIELDS) == set(filing.FILINGS) == set(RequestKind.values)


def test_a_withdrawal_names_the_party_that_withdraws_and_an_accession_names_no_party():
    assert filing.FILINGS[RequestKind.WITHDRAWAL].party_as == "party"
    assert not filing.FILINGS[RequestKind.ACCESSION].by_party
    assert {k for k, f in filing.FILINGS.items() if f.by_party} == set(RequestKind.values) - {
        RequestKind.ACCESSION
    }
