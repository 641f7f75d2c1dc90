"""The report's layout, once for every format: a list of blocks (headings, paragraphs, facts,
tables, charts) built from the structure of `gather.py`, in the active language.

The PDF and the screen render the blocks with one template (`reporting/_blocks.html`), Word
turns them into headings, paragraphs and tables, and the Excel annex takes every table (a chart's
figures included) as a sheet. So every format holds the same figures, by construction.

Cell values are typed: Decimal for money and numbers, date for dates, str otherwise; the text
renderers (PDF, Word, HTML) show them in the one format of common/formatting.py
(docs/presentation.md), and the Excel annex keeps numbers and dates as such.
"""

from .blocks import (  # noqa: F401
    DATE,
    MONEY,
    NUMBER,
    RATIO,
    TEXT,
    Chart,
    Column,
    D,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    date,
    verdict_label,
)
from .build import build  # noqa: F401
