"""Password rules beyond Django's own validators' texts.

Django 5.2 changed the message of its minimum-length validator ("... at least %d characters")
and its Dutch catalogue still has the old one, so the error came out in English on a Dutch page.
This validator is Django's, with the message through the platform's own catalogue.

Two more rules, after Django's similarity, common-password and numeric checks:
- RepeatedCharactersValidator: not one piece repeated ("aaaaaaaaaaaa", "abcabcabcabc", "1212...")
  and at least 5 different characters;
- DutchCommonPasswordValidator: not a common word (Django's list of 20,000 and a Dutch list of our
  own, accounts/data/common-passwords-nl.txt) with only digits and symbols around it, the way
  people meet a length rule: "Welkom2024!!", "Zomer2025!!!", "Password1234".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DUTCH_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"
MIN_DISTINCT = 5
# Digits, punctuation, spaces and underscores before or after the word.
_PADDING = re.compile(r"^[\W\d_]*(?P<word>.*?)[\W\d_]*$", re.DOTALL)
_REPEATED = re.compile(r"^(.+?)\1+$", re.DOTALL)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: gebruik ten minste %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik ten minste %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}


class RepeatedCharactersValidator:
    def validate(self, password, user=None):
        if _REPEATED.match(password) or len(set(password)) < MIN_DISTINCT:
            raise ValidationError(self.get_error_message(), code="password_repeated")

    def get_error_message(self):
        return _(
            "Dit wachtwoord herhaalt te veel (zoals „aaaa” of „abcabc”): gebruik ten minste "
            "%(count)d verschillende tekens en geen herhaald stuk."
        ) % {"count": MIN_DISTINCT}

    def get_help_text(self):
        return _("Uw wachtwoord is geen herhaling van hetzelfde teken of stuk.")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Django's common passwords and our Dutch list, lower case."""
    words = set(password_validation.CommonPasswordValidator().passwords)
    for line in DUTCH_LIST.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def common_core(password: str) -> str | None:
    """The common word this password is made of, with only digits and symbols added; else None."""
    lowered = password.strip().lower()
    if lowered in common_words():
        return lowered
    word = _PADDING.match(lowered).group("word")
    if len(word) >= 3 and word in common_words():
        return word
    return None


class DutchCommonPasswordValidator:
    def validate(self, password, user=None):
        if common_core(password) is not None:
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return _(
            "Dit wachtwoord is te makkelijk te raden: het is een veelgebruikt woord, eventueel met "
            "cijfers of tekens ervoor of erachter (zoals „Welkom2024!!”). Kies bijvoorbeeld een zin "
            "van een paar gewone woorden."
        )

    def get_help_text(self):
        return _("Uw wachtwoord is geen veelgebruikt woord met alleen cijfers of tekens erbij.")
