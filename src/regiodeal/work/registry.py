"""The sections of "Mijn werk", registered once, in the order they are shown.

A section is a function `(ctx: WorkContext) -> Section | None`: None when it is not for this
person in this deal (a project lead has no consents to give), else a `Section` with its items,
each a link to the page where the job is done. The built-in sections live in `work/sections.py`.

Another app adds its own section from its `AppConfig.ready()`, without touching this app:

    from regiodeal.work.registry import Item, Section, register_section

    @register_section("notifications", order=5)
    def notifications(ctx):
        if not ctx.user.is_authenticated:
            return None
        return Section(key="notifications", title=_("Meldingen"), items=[...], empty=_("Geen meldingen."))

`order` places it among the others (consents 10, report 20, obligations 30, findings 40,
projects 50, changes 90). A section reads through its own app's selectors, with few queries:
`ctx` holds what every section needs (the deal, today, the user's roles, Parties and projects).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from regiodeal.accounts.permissions import can, memberships_of, organisations_represented
from regiodeal.accounts.roles import ACROSS_DEALS


@dataclass
class Item:
    text: str
    url: str = ""
    due_on: dt.date | None = None
    overdue: bool = False
    note: str = ""  # a second line: who still has to answer, whose duty it is
    when: dt.datetime | None = None  # for changes: when it happened


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""  # shown when there are no items: the person sees it was looked at
    more_label: str = ""  # a link to the whole list, e.g. the obligations calendar
    more_url: str = ""
    needs_action: bool = True  # False for information (the latest changes): not counted as work

    @property
    def count(self) -> int:
        return len(self.items) if self.needs_action else 0


@dataclass
class WorkContext:
    user: object
    deal: object
    today: dt.date

    def can(self, capability) -> bool:
        return can(self.user, capability, self.deal)

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's roles in this deal (the ministry's holds in every deal)."""
        return frozenset(
            m.role for m in memberships_of(self.user) if m.deal_id == self.deal.pk or m.role in ACROSS_DEALS
        )

    @cached_property
    def represented(self) -> list:
        """The Parties the user represents in this deal (consent, comment on the report)."""
        return organisations_represented(self.user, self.deal)

    @cached_property
    def managed_project_ids(self) -> set[int]:
        """The projects the user leads in this deal (a project lead acts on those only)."""
        return set(self.user.managed_projects.filter(deal=self.deal).values_list("pk", flat=True))


SectionFn = Callable[[WorkContext], Section | None]
_SECTIONS: list[tuple[int, str, SectionFn]] = []


def register_section(key: str, *, order: int) -> Callable[[SectionFn], SectionFn]:
    def decorator(fn: SectionFn) -> SectionFn:
        _SECTIONS[:] = [s for s in _SECTIONS if s[1] != key] + [(order, key, fn)]
        _SECTIONS.sort(key=lambda s: (s[0], s[1]))
        return fn

    return decorator


def registered_sections() -> list[tuple[str, SectionFn]]:
    return [(key, fn) for _order, key, fn in _SECTIONS]


def sections_for(ctx: WorkContext) -> list[Section]:
    """The sections for this person in this deal, in order; those not for them left out."""
    out = []
    for _key, fn in registered_sections():
        section = fn(ctx)
        if section is not None:
            out.append(section)
    return out
