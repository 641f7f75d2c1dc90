"""The money pages reconcile. Every total on the public money page says what it
holds, and the totals of the two tables add up on the page, or one sentence says why they differ
(pledged, paid, spent). The internal finance overview says the same of its totals."""

from __future__ import annotations

import re
from decimal import Decimal

import lxml.html
import pytest
from django.test import Client

from tests.factories import book

pytestmark = pytest.mark.django_db

BASE = "/deals/waterwegregio"


def amount(text: str) -> Decimal:
    """'€ 1.234,56' (Dutch) as a Decimal."""
    digits = re.search(r"-?[\d.]+,\d\d", text).group(0)
    return Decimal(digits.replace(".", "").replace(",", "."))


def amounts(text: str) -> list[Decimal]:
    return [amount(m) for m in re.findall(r"€\xa0-?[\d.]+,\d\d", text)]


def footer(doc, table_id: str) -> list[Decimal]:
    return [amount(td.text_content()) for td in doc.get_element_by_id(table_id).xpath(".//tfoot//td")]


@pytest.fixture
def books(site):
    deal = site["deal"]
    # Execution costs the regiokassier pays from the national money, without an allocation.
    book(deal, "execution_costs", "9000.00", "VAT", funding="national")
    # A project spends regional money in cash while Schiedam's pledge is still open.
    book(deal, "spending", "20000.00", "P1", project="WW-001", funding="regional")
    # A Partner delivers in kind; Schiedam pays part of a contribution in cash.
    book(
        deal,
        "regional_contribution",
        "15000.00",
        "P1",
        organisation="ALBEDA",
        contribution_status="paid",
        sector="private",
        form="in_kind",
        valuation_basis="150 uur maal 100 euro",
    )
    book(
        deal,
        "regional_contribution",
        "5000.00",
        "P1",
        organisation="SCHIEDAM",
        contribution_status="paid",
        sector="public",
        form="cash",
    )
    return site


def test_the_public_money_totals_add_up_or_the_page_says_why(books):
    page = Client().get(f"{BASE}/public/money/").content.decode()
    doc = lxml.html.fromstring(page)
    _maximum, granted, _spent, _minimum, pledged, realised = footer(doc, "money-lines")
    received, party_pledged, paid = footer(doc, "money-parties")
    assert (granted, received) == (Decimal("134000.00"), Decimal("125000.00"))
    assert realised == Decimal("35000.00") and paid == Decimal("20000.00")

    said = {li.get("data-reconcile"): li.text_content() for li in doc.xpath("//*[@id='money-reconcile']//li")}
    # National: allocated = received by the Parties + execution costs, with each figure named.
    assert amounts(said["national"]) == [granted, received, Decimal("9000.00")]
    assert granted == received + Decimal("9000.00")
    # Pledged: the same in both tables, and the page says so.
    assert pledged == party_pledged and "in beide tabellen hetzelfde bedrag" in said["pledged"]
    # Regional realised (spent + in kind) against paid or delivered (in kind + cash), and why.
    actual, cash_spent, in_kind, paid_said, in_kind_again, paid_cash = amounts(said["regional"])
    assert (actual, paid_said) == (realised, paid)
    assert actual == cash_spent + in_kind and paid == in_kind_again + paid_cash
    assert (cash_spent, in_kind, paid_cash) == (Decimal("20000.00"), Decimal("15000.00"), Decimal("5000.00"))
    assert "Ze verschillen omdat een uitgave van een project met regionaal geld" in said["regional"]


def test_each_column_of_the_public_money_table_says_what_it_holds(books):
    doc = lxml.html.fromstring(Client().get(f"{BASE}/public/money/").content.decode())
    headers = [th.text_content() for th in doc.get_element_by_id("money-lines").xpath(".//thead//th")][1:]
    terms = [dt.text_content() for dt in doc.get_element_by_id("money-lines-terms").xpath(".//dt")]
    assert terms == headers


def test_the_public_money_page_reconciles_in_english_too(books):
    page = Client().get(f"/en{BASE}/public/money/").content.decode()
    assert "How the two tables add up" in page
    assert "They differ because a project's spending of regional money" in page


def test_the_internal_overview_says_what_its_totals_hold(books, client, role_users):
    client.force_login(role_users["programme_office"])
    doc = lxml.html.fromstring(client.get(f"{BASE}/finance/").content.decode())
    facts = doc.get_element_by_id("money-facts")
    granted = amount(facts.xpath(".//*[@data-testid='granted']")[0].text_content())
    allocated, execution = amounts(facts.xpath(".//*[@data-reconcile='granted']")[0].text_content())
    # The internal books hold the confidential project too: 125.000 + 777.000 allocated.
    assert (allocated, execution) == (Decimal("902000.00"), Decimal("9000.00"))
    assert granted == allocated + execution
    spent, in_kind = amounts(facts.xpath(".//*[@data-reconcile='spent']")[0].text_content())
    assert (spent, in_kind) == (Decimal("20000.00"), Decimal("15000.00"))
    paid = amount(facts.xpath(".//*[@data-testid='paid']")[0].text_content())
    assert paid == Decimal("20000.00")
    assert "waarvan in natura €\xa015.000,00" in facts.text_content()
