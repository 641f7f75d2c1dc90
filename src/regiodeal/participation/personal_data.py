"""The personal-data guard for free text about residents. Pure: text in, findings out.

The participation records store no names or contact details of residents, by design: there is no
field for them. Free text (themes, what residents raised, what was done with it, the feedback)
could still carry them, so every free-text field is checked for the obvious kinds before it is
stored, and refused with a message naming the field and what was found:

- an e-mail address (`naam@voorbeeld.nl`);
- a Dutch phone number: mobile (06 and 8 digits), landline (0, an area code and the subscriber
  number: 10 digits), written with spaces, hyphens or brackets, or in the +31 / 0031 forms
  (`+31 6 12345678`, `+31 (0)10 123 4567`);
- a postcode with a house number (`3131 AB 12`, `3131AB 12a`, `Hoofdstraat 12, 3131 AB`).

A guard like this cannot find names; that is why no field asks for one. It errs on the side of
ordinary text: counts ("30 bewoners"), years, dates (`06-10-2025`), times and amounts pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

EMAIL = "email"
PHONE = "phone"
ADDRESS = "address"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# A run of digit groups separated by single spaces, hyphens or brackets, optionally after + or 00.
_PHONE_RUN = re.compile(r"(?<![\w+/.,:])(\+|00)?\(?\d+\)?(?:(?:[ \-]|[ \-]?\(|\)[ \-]?)\d+\)?)*(?![\w/])")
_GROUP = re.compile(r"\d+")

# Dutch postcode: 4 digits (no leading 0), two letters except SA, SD and SS.
_LETTERS = r"(?!SA|SD|SS)[A-Z]{2}"
_POSTCODE_THEN_NUMBER = re.compile(
    rf"(?<![\w\-])[1-9]\d{{3}}(?: ?{_LETTERS}|(?i:[a-z]{{2}}))"  # postcode, the space optional
    rf"[ ,]*(?:nr\.? ?)?\d{{1,5}}(?: ?[a-zA-Z]\b|-\d+)?(?![\w\-])"  # house number, addition
)
_NUMBER_THEN_POSTCODE = re.compile(
    rf"(?<![\w\-])\d{{1,5}}(?: ?[a-zA-Z])?,? +[1-9]\d{{3}} ?{_LETTERS}(?![\w\-])"
)


@dataclass(frozen=True)
class Hit:
    kind: str  # EMAIL, PHONE or ADDRESS
    text: str


def _date_groups(groups: list[str], seps: list[str]) -> set[int]:
    """Indexes of groups that form a date (d-m-yyyy or yyyy-m-d, with - / or .): not phone digits."""
    marked: set[int] = set()
    for i in range(len(groups) - 2):
        if seps[i] != seps[i + 1] or seps[i] not in ("-", "/", "."):
            continue
        a, b, c = groups[i : i + 3]
        dmy = len(a) <= 2 and len(b) <= 2 and len(c) == 4 and 1 <= int(a) <= 31 and 1 <= int(b) <= 12
        ymd = len(a) == 4 and len(b) <= 2 and len(c) <= 2 and 1 <= int(b) <= 12 and 1 <= int(c) <= 31
        if dmy or ymd:
            marked.update((i, i + 1, i + 2))
    return marked


def _phone_number(digits: str, international: bool) -> str | None:
    """The number in national form (0 and 9 digits) when `digits` is a Dutch phone number."""
    if international:
        if not digits.startswith("31"):
            return None
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest
    if len(digits) == 10 and digits[0] == "0" and digits[1] in "1234567":
        return digits
    return None


def _phones(text: str) -> list[Hit]:
    hits = []
    for match in _PHONE_RUN.finditer(text):
        run = match.group(0)
        international = match.group(1) is not None
        spans = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
        groups = [run[a:b] for a, b in spans]
        seps = [run[spans[k][1] : spans[k + 1][0]] for k in range(len(spans) - 1)] + [""]
        dates = _date_groups(groups, seps)
        i = 0
        while i < len(groups):
            if i in dates:
                i += 1
                continue
            found = None
            digits = ""
            for j in range(i, len(groups)):
                if j in dates:
                    break
                # After the first group, a one-digit group only in +31 6 / +31 (0)6.
                if j > i and len(groups[j]) < 2 and not (international and i == 0 and j <= 2):
                    break
                digits += groups[j]
                if len(digits) > 13:
                    break
                intl = international and i == 0
                candidate = digits
                if candidate.startswith("00"):
                    intl, candidate = True, candidate[2:]
                if _phone_number(candidate, intl):
                    found = j
                    break
            if found is not None:
                hits.append(Hit(PHONE, run[(0 if i == 0 else spans[i][0]) : spans[found][1]].strip()))
                i = found + 1
            else:
                i += 1
    return hits


def find_personal_data(text: str) -> list[Hit]:
    """Every e-mail address, phone number and postcode with house number in `text`."""
    if not text:
        return []
    hits = [Hit(EMAIL, m.group(0)) for m in _EMAIL.finditer(text)]
    without_email = _EMAIL.sub(" ", text)
    hits += _phones(without_email)
    for pattern in (_POSTCODE_THEN_NUMBER, _NUMBER_THEN_POSTCODE):
        hits += [Hit(ADDRESS, m.group(0).strip()) for m in pattern.finditer(without_email)]
    return hits


def _label(kind: str) -> str:
    from django.utils.translation import gettext

    return {
        EMAIL: gettext("een e-mailadres"),
        PHONE: gettext("een telefoonnummer"),
        ADDRESS: gettext("een postcode met huisnummer"),
    }[kind]


def personal_data_message(field_label: str, hits: list[Hit]) -> str:
    from django.utils.translation import gettext

    found = "; ".join(f"{_label(h.kind)} ({h.text})" for h in hits)
    return gettext(
        "‘%(field)s’ bevat %(found)s. Leg geen namen of contactgegevens van inwoners vast: "
        "haal dit weg en sla opnieuw op."
    ) % {"field": field_label, "found": found}


def personal_data_errors(fields: Mapping[str, tuple[str, str]]) -> dict[str, list[str]]:
    """`{field: (label, text)}` -> `{field: [message]}` for every field with personal data."""
    errors: dict[str, list[str]] = {}
    for name, (label, text) in fields.items():
        hits = find_personal_data(text or "")
        if hits:
            errors[name] = [personal_data_message(str(label), hits)]
    return errors
