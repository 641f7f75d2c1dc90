"""The blocks of the report's layout (headings, paragraphs, facts, tables, charts) and the
labels they share. Cell values are typed: Decimal for money and numbers, date for dates, str
otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from regiodeal.results.constants import VERDICT_LABELS

from .. import data

TEXT, MONEY, NUMBER, DATE, RATIO = "text", "money", "number", "date", "ratio"


@dataclass
class Column:
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (MONEY, NUMBER, RATIO)


@dataclass
class Heading:
    level: int  # 1: a chapter (in the table of contents), 2: a section, 3: a subsection
    text: str
    anchor: str
    type: str = "heading"


@dataclass
class Paragraph:
    text: str
    emphasis: bool = False
    link: str = ""  # an address printed (and linked) after the text
    type: str = "paragraph"


@dataclass
class Facts:
    """(label, value) or (label, value, kind); an amount without a kind is money."""

    items: list[tuple]
    type: str = "facts"

    def __post_init__(self):
        self.items = [
            item if len(item) == 3 else (*item, MONEY if isinstance(item[1], Decimal) else TEXT)
            for item in self.items
        ]


@dataclass
class Table:
    id: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    note: str = ""
    empty: str = ""
    type: str = "table"

    @property
    def wide(self) -> bool:
        """Too wide for a portrait A4 page: the PDF sets it on a landscape page (docs/reporting.md)."""
        return len(self.columns) >= 8 or sum(c.numeric for c in self.columns) >= 5

    def rows_with_columns(self):
        for row in self.rows:
            yield list(zip(row, self.columns, strict=True))

    def footer_with_columns(self):
        return list(zip(self.footer or [], self.columns, strict=True))


@dataclass
class Chart:
    svg: str
    table: Table  # the same figures, for screen readers, Word and Excel
    description: str = ""  # one sentence of what the chart shows, from the structure
    print_table: bool = True  # False: the PDF's edition, whose alternative text holds the figures
    type: str = "chart"

    @property
    def alt(self) -> str:
        """The alternative text of the figure in the PDF and the Word file: title and sentence."""
        return f"{self.table.title}. {self.description}".strip()


@dataclass
class Document:
    title: str
    subtitle: str
    facts: list[tuple[str, Any]]
    blocks: list = field(default_factory=list)

    @property
    def toc(self) -> list[Heading]:
        return [b for b in self.blocks if b.type == "heading" and b.level <= 2]

    @property
    def tables(self) -> list[Table]:
        out = []
        for b in self.blocks:
            if b.type == "table":
                out.append(b)
            elif b.type == "chart":
                out.append(b.table)
        return out


def D(value) -> Decimal | None:
    """A figure of the data (already Decimal), or a number counted here."""
    return value if value is None or isinstance(value, Decimal) else Decimal(value)


def date(value) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def verdict_label(code: str) -> str:
    from regiodeal.results.verdict import Verdict

    return str(VERDICT_LABELS[Verdict(code)])


def _choice(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


MILESTONE_STATES = {
    "done": lambda: _("bereikt"),
    "done_late": lambda: _("bereikt, later dan gepland"),
    "overdue": lambda: _("niet bereikt, over tijd"),
    "planned": lambda: _("gepland"),
}
TRENDS = {
    "narrowing": lambda: _("kleiner"),
    "widening": lambda: _("groter"),
    "unchanged": lambda: _("gelijk"),
    "single": lambda: _("één meting, nog geen trend"),
}
REGISTER_KINDS = {"bottleneck": lambda: _("knelpunt"), "risk": lambda: _("risico")}
ORIGINS = {
    "definition": lambda: _("vastgesteld convenant"),
    "amendment": lambda: _("wijziging (art. 11)"),
    "accession": lambda: _("toetreding (art. 13)"),
    "withdrawal": lambda: _("opzegging (art. 12)"),
}


def _label(table: dict, code: str | None) -> str:
    if code is None:
        return "–"
    return table[code]() if code in table else code


def _request_label(kind: str, status: str) -> tuple[str, str]:
    from regiodeal.governance.constants import RequestKind, RequestStatus

    return _choice(RequestKind, kind), _choice(RequestStatus, status)


def excl(s: data.ReportData) -> str:
    """ " (excl. vertrouwelijke projecten)" after a public money figure that leaves confidential
    money out (disclosure/public.py), else nothing."""
    if s.money.excludes_confidential:
        from regiodeal.disclosure.public import EXCLUSION_NOTE

        return f" ({EXCLUSION_NOTE})"
    return ""


def annex_url(s: data.ReportData) -> str:
    """Where the reader of the PDF finds the Excel annex (and the Word version) of this report:
    the download for the platform's users, the public reports page for the public."""
    from django.conf import settings
    from django.urls import reverse

    if s.public:
        path = reverse("portal:reports", kwargs={"slug": s.deal.slug})
    else:
        kwargs = {"slug": s.deal.slug, "year": s.report.year, "audience": s.report.audience, "fmt": "xlsx"}
        path = reverse("reporting:download", kwargs=kwargs)
    return f"{settings.BASE_URL}{path}"


def in_annex(s: data.ReportData, what: str) -> Paragraph:
    """The sentence the PDF prints where it leaves bulky tables to the annex (docs/reporting.md)."""
    return Paragraph(
        _("%(what)s staan in de Excel-bijlage en in de Word-versie van deze rapportage:") % {"what": what},
        link=annex_url(s),
    )
