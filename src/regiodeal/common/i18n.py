"""Texts stored in the database that are the platform's own messages (a workflow edge's reason),
shown in the reader's language.

A transitions table holds Dutch messages marked with `gettext_noop`; a service stores the Dutch
message itself and a page translates it when it shows it. Rows stored before messages were kept
in Dutch hold the English text of the same edge: that is the message's English translation, so
it is recognised too. What follows the message in the stored text (". " and a note someone
typed) stays as it was written."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, override


def stored_message(text: str, messages: Iterable[str]) -> str:
    """`text` in the active language when it is (or begins with) one of `messages`."""
    for message in messages:
        with override("en"):
            english = gettext(message)
        for known in (message, english):
            if text == known:
                return gettext(message)
            if text.startswith(known + ". "):
                return gettext(message) + text[len(known) :]
    return text


def article_label(article: str) -> str:
    """A covenant place as a reader writes it: "7.3" is "art. 7.3"; an annex, stored as the
    covenant writes it ("Bijlage 1 §3", "Bijlage 1, 4.2"), reads "Annex 1 §3" in English."""
    from django.utils.translation import gettext as _

    article = (article or "").strip()
    if article[:1].isdigit():
        return _("art. %(a)s") % {"a": article}
    if article.startswith("Bijlage "):
        return _("Bijlage %(a)s") % {"a": article.removeprefix("Bijlage ")}
    return article
