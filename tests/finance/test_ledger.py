"""The ledger: append-only, corrected by reversing entries, every rule named when an entry is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodeal.audit.models import AuditEvent
from regiodeal.finance.models import LedgerEntry
from regiodeal.finance.selectors import overview, vat_split
from regiodeal.finance.services import entry_reverse

from .conftest import ACTOR


def test_an_entry_is_stored_with_its_codes_and_audited(book):
    entry = book("national_allocation", "125000.00", description="Ontmoetingsplek Nieuwland")
    assert entry.funding == "national"
    assert entry.project.code == "WW-001"
    assert entry.organisation.code == "SCHIEDAM"
    event = AuditEvent.objects.get(action="finance.entry.recorded", object_id=str(entry.pk))
    assert event.after["amount"] == "125000.00"
    assert event.actor_label == "test-kassier"


def test_the_ledger_cannot_be_edited_or_deleted_in_place(book):
    entry = book("spending", "10.00", funding="regional")
    entry.amount = Decimal("11.00")
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(PermissionDenied):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("10.00")


def test_a_correction_is_a_reversing_entry_and_the_original_stays(book, waterwegregio):
    entry = book("national_allocation", "5000.00")
    reversal = entry_reverse(
        actor=ACTOR, entry=entry, reason="verkeerd project", booked_on=dt.date(2026, 4, 1)
    )
    assert reversal.amount == Decimal("-5000.00")
    assert reversal.reverses == entry
    assert (reversal.kind, reversal.budget_line, reversal.project_id) == (
        entry.kind,
        entry.budget_line,
        entry.project_id,
    )
    assert "verkeerd project" in reversal.description
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("5000.00")
    assert overview(waterwegregio, dt.date(2026, 5, 1)).total.granted == Decimal("0.00")
    assert overview(waterwegregio, dt.date(2026, 3, 31)).total.granted == Decimal("5000.00")
    assert AuditEvent.objects.filter(action="finance.entry.reversed", object_id=str(reversal.pk)).exists()


def test_an_entry_is_reversed_once_and_a_reversal_is_not_reversed(book):
    entry = book("spending", "10.00", funding="regional")
    reversal = entry_reverse(actor=ACTOR, entry=entry, reason="fout", booked_on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="al gecorrigeerd"):
        entry_reverse(actor=ACTOR, entry=entry, reason="nog eens", booked_on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="zelf een correctie"):
        entry_reverse(actor=ACTOR, entry=reversal, reason="terug", booked_on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="waarom"):
        entry_reverse(actor=ACTOR, entry=book("spending", "1.00", funding="regional"), reason=" ")


def test_the_database_refuses_a_negative_entry_that_reverses_nothing(book, waterwegregio):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            deal=waterwegregio,
            kind="spending",
            booked_on=dt.date(2026, 1, 1),
            amount=Decimal("-1.00"),
            budget_line="P1",
            funding="regional",
            source_document="x",
        )


@pytest.mark.parametrize(
    ("kind", "fields", "field", "rule"),
    [
        ("national_allocation", {"project": ""}, "project", "finance.allocation-project"),
        ("national_allocation", {"organisation": "VRO"}, "organisation", "finance.allocation-party"),
        ("national_allocation", {"organisation": "TNO"}, "organisation", "finance.allocation-party"),
        ("national_allocation", {"line": "VAT"}, "budget_line", "finance.execution-costs-line"),
        ("national_allocation", {"line": "P9"}, "budget_line", "finance.unknown-budget-line"),
        ("national_allocation", {"project": "WW-999"}, "project", "finance.unknown-project"),
        ("national_allocation", {"funding": "regional"}, "funding", "finance.funding"),
        ("national_allocation", {"amount": "0.00"}, "amount", "finance.amount-positive"),
        ("national_allocation", {"source_document": ""}, "source_document", "finance.source-document"),
        ("regional_contribution", {"organisation": "BZK"}, "organisation", "finance.contributor"),
        ("regional_contribution", {"form": "in_kind"}, "valuation_basis", "finance.in-kind-valuation"),
        ("regional_contribution", {"sector": ""}, "sector", "finance.sector"),
        (
            "regional_contribution",
            {"contribution_status": "maybe"},
            "contribution_status",
            "finance.contribution-status",
        ),
        ("spending", {"funding": ""}, "funding", "finance.funding"),
        ("spending", {"project": ""}, "project", "finance.national-spending-project"),
        ("spending", {"line": "VAT"}, "budget_line", "finance.execution-costs-line"),
        ("spending", {"sector": "public"}, "sector", "finance.contribution-only"),
        ("execution_costs", {"line": "P2"}, "budget_line", "finance.execution-costs-line"),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_naming_field_and_rule(book, kind, fields, field, rule):
    fields = dict(fields)
    amount = fields.pop("amount", "100.00")
    line = fields.pop("line", "VAT" if kind == "execution_costs" else "P1")
    with pytest.raises(ValidationError) as info:
        book(kind, amount, line=line, **fields)
    assert any(rule in message for message in info.value.message_dict[field])
    assert not LedgerEntry.objects.exists()


def test_a_partner_may_contribute_privately_in_kind_with_a_valuation_basis(book):
    entry = book(
        "regional_contribution",
        "24000.00",
        organisation="HAVENBEDRIJF",
        sector="private",
        form="in_kind",
        valuation_basis="240 uur begeleiding à € 100",
    )
    assert entry.get_form_display() == "in natura"


def test_a_party_that_an_amendment_removed_receives_nothing_from_its_effective_date(book, amend_budget):
    version = amend_budget(dt.date(2027, 1, 1))
    version.parties.filter(organisation__code="MAASSLUIS").delete()
    book("national_allocation", "1.00", organisation="MAASSLUIS", on=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError, match=r"finance\.allocation-party"):
        book("national_allocation", "1.00", organisation="MAASSLUIS", on=dt.date(2027, 1, 1))


# Up to the whole budget (€ 35.400.000,00): a larger entry is refused as a typing error (Art. 4.2).
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("35400000.00"), places=2)
LINES = st.sampled_from(["P1", "P2", "P3"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=AMOUNTS, line=LINES)
def test_a_reversed_entry_nets_to_zero(book, waterwegregio, amount, line):
    before = overview(waterwegregio, dt.date(2026, 12, 31)).total
    entry = book("national_allocation", str(amount), line=line)
    entry_reverse(actor=ACTOR, entry=entry, reason="test", booked_on=dt.date(2026, 3, 1))
    after = overview(waterwegregio, dt.date(2026, 12, 31)).total
    assert after.granted == before.granted
    pair = LedgerEntry.objects.filter(pk__in=[entry.pk, entry.reversed_by.pk])
    assert sum(e.amount for e in pair) == Decimal("0.00")


ENTRY = st.tuples(
    st.sampled_from(["national_allocation", "regional_contribution", "spending", "spending_regional"]),
    AMOUNTS,
    LINES,
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31)),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, min_size=1, max_size=12))
def test_totals_per_line_equal_the_sum_of_their_entries(book, waterwegregio, entries):
    for kind, amount, line, on in entries:
        if kind == "spending_regional":
            book("spending", str(amount), line=line, on=on, funding="regional", project="")
        else:
            book(kind, str(amount), line=line, on=on)
    ov = overview(waterwegregio, dt.date(2028, 12, 31))
    stored = list(LedgerEntry.objects.filter(deal=waterwegregio))
    for f in ov.lines:
        mine = [e for e in stored if e.budget_line == f.code]
        assert f.granted == sum((e.amount for e in mine if e.kind == "national_allocation"), Decimal("0.00"))
        assert f.pledged == sum(
            (e.amount for e in mine if e.kind == "regional_contribution"), Decimal("0.00")
        )
        assert f.national_spent == sum(
            (e.amount for e in mine if e.kind == "spending" and e.funding == "national"), Decimal("0.00")
        )
        assert f.regional_spent == sum(
            (e.amount for e in mine if e.kind == "spending" and e.funding == "regional"), Decimal("0.00")
        )
        by_year = sum((year_lines_for(ov, f.code, y).granted for y in ov.years), Decimal("0.00"))
        assert by_year == f.granted
    assert ov.total.granted == sum((f.granted for f in ov.lines), Decimal("0.00"))


def year_lines_for(ov, code, year):
    return next(f for f in ov.by_year[year] if f.code == code)


def test_the_vat_split_divides_regional_execution_costs_pro_rata_national_money_received(book, waterwegregio):
    book("national_allocation", "100000.00", organisation="SCHIEDAM")
    book("national_allocation", "100000.00", project="WW-002", organisation="VLAARDINGEN")
    book("national_allocation", "100000.00", project="WW-002", organisation="MAASSLUIS")
    book("execution_costs", "1000.00", line="VAT", funding="regional")
    split = vat_split(waterwegregio, dt.date(2026, 6, 1))
    shares = {s.code: (s.received, s.planned, s.actual) for s in split.shares}
    # Maassluis is listed before Schiedam and Vlaardingen in the covenant: it gets the odd cent.
    assert shares == {
        "MAASSLUIS": (Decimal("100000.00"), Decimal("176666.67"), Decimal("333.34")),
        "ROTTERDAM": (Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        "SCHIEDAM": (Decimal("100000.00"), Decimal("176666.67"), Decimal("333.33")),
        "VLAARDINGEN": (Decimal("100000.00"), Decimal("176666.66"), Decimal("333.33")),
        "PZH": (Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
    }
    assert sum(s.planned for s in split.shares) == Decimal("530000.00")
    assert [s.code for s in split.shares] == ["MAASSLUIS", "ROTTERDAM", "SCHIEDAM", "VLAARDINGEN", "PZH"]


def test_without_national_money_received_there_is_nothing_to_split(waterwegregio):
    split = vat_split(waterwegregio, dt.date(2026, 6, 1))
    assert not split.possible
    assert {s.planned for s in split.shares} == {None}
