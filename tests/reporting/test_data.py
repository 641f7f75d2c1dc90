"""The typed report data (reporting/data.py), the contract between gathering and the layout: a
structure gathered today goes through the dataclasses and back unchanged, and a snapshot frozen
in an earlier shape (before outreach per wijk, evaluation and public editions existed) still
reads and renders."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils.translation import override

from regiodeal.reporting import data
from regiodeal.reporting import document as d
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import render

from .helpers import xlsx_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures(portfolio):
    return {audience: gather(portfolio, 2025, audience) for audience in ("internal", "public")}


def _old_shape(structure: dict) -> dict:
    """The structure as the first release froze it (regiodeal-report/1 of 2026-11-27): no
    `participation` (the app offered no part yet: null), no `evaluation`, no public edition
    numbers, no `excludes_confidential`."""
    old = copy.deepcopy(structure)
    old["participation"] = None
    del old["evaluation"]
    old["money"].pop("excludes_confidential", None)
    for key in ("edition", "corrected_on", "withdrawn"):
        old["report"].pop(key, None)
    return json.loads(json.dumps(old))


def test_a_gathered_structure_goes_through_the_dataclasses_and_back_unchanged(structures):
    for structure in structures.values():
        typed = data.ReportData.from_dict(structure)
        assert typed.to_dict() == structure


def test_the_data_is_typed_money_as_decimal_dates_as_dates(structures):
    typed = data.ReportData.from_dict(structures["internal"])
    assert typed.money.year_total.national_spent == Decimal("372500.00")
    assert typed.report.as_of == dt.date(2025, 12, 31)
    ww1 = next(p for p in typed.projects if p.code == "WW-001")
    assert isinstance(ww1.money, data.ProjectMoney)
    assert [m.state for m in ww1.milestones] == ["done_late", "overdue"]
    assert all(isinstance(c, data.StatusChange) and c.by for c in ww1.status_changes)
    public = data.ReportData.from_dict(structures["public"])
    assert public.public and public.money.excludes_confidential
    assert all(c.by is None for p in public.projects for c in p.status_changes)


def test_a_snapshot_frozen_in_the_old_shape_reads_and_renders(structures):
    old = _old_shape(structures["internal"])
    typed = data.ReportData.from_dict(old)
    assert typed.participation is None and typed.evaluation is None
    assert typed.report.edition is None and typed.report.withdrawn == []
    with override("nl"):
        doc = d.build(old)
        headings = [b.text for b in doc.blocks if b.type == "heading" and b.level == 1]
        assert "Financiën" in headings and "Geleerde lessen" in headings
        values = xlsx_values(render(old, "xlsx"))
        html = render(old, "html").decode()
    assert typed.money.budget.totals.national == Decimal("17700000.00")
    assert 17700000 in values
    assert "17.700.000,00" in html


def test_the_layout_reads_typed_data_and_its_json_form_alike(structures):
    with override("nl"):
        from_dict = d.build(structures["internal"])
        from_typed = d.build(data.ReportData.from_dict(structures["internal"]))
    assert [t.rows for t in from_dict.tables] == [t.rows for t in from_typed.tables]
