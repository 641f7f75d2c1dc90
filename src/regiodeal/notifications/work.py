"""The notifications mirrored on "Mijn werk": the person's unread notifications of this deal (the
newest five), each a link to where the thing is done, and the whole list one link away
(/meldingen/). With nothing unread the section is left out."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from regiodeal.work.registry import Item, Section, register_section

from .models import Notification


@register_section("notifications", order=5)
def notifications_section(ctx) -> Section | None:
    if not getattr(ctx.user, "is_authenticated", False):
        return None
    unread = list(
        Notification.objects.filter(user=ctx.user, deal=ctx.deal, read_at__isnull=True).order_by("-pk")[:5]
    )
    if not unread:
        return None  # nothing new: the header's "Meldingen" leads to the whole list
    return Section(
        key="notifications",
        title=_("Meldingen"),
        items=[Item(text=n.subject, url=n.url, note=n.text) for n in unread],
        more_label=_("Alle meldingen en hoe u ze ontvangt"),
        more_url=reverse("notifications:list"),
    )
