"""The obligations calendar as iCalendar (RFC 5545), written with the standard library: all-day
VEVENTs with stable UIDs, so a subscribed Outlook or phone calendar updates rather than
duplicates. Lines end in CRLF and are folded at 75 octets (RFC 5545 §3.1); text is escaped
(§3.3.11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .selectors import Obligation


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, never inside a UTF-8 character."""
    out, current = [], b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def calendar(*, name: str, host: str, items: Iterable[Obligation], now: dt.datetime, url: str = "") -> str:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//regiodeal//Verplichtingen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    for o in items:
        description = f"{o.status_label}. Art. {o.article}."
        if o.evidence:
            description += f" {o.evidence}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{o.key}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(o.due_on)}",
            f"DTEND;VALUE=DATE:{_date(o.due_on + dt.timedelta(days=1))}",
            f"SUMMARY:{escape(o.title)}",
            f"DESCRIPTION:{escape(description)}",
            f"CATEGORIES:{escape(o.status_label)}",
            "TRANSP:TRANSPARENT",
        ]
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
