"""Password rules beyond Django's own validators' texts.

Django 5.2 changed the message of its minimum-length validator ("... at least %d characters")
and its Dutch catalogue still has the old one, so the error came out in English on a Dutch page.
This validator is Django's, with the message through the platform's own catalogue."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: gebruik ten minste %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik ten minste %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}
