"""`{% load notifications %}{% notifications_of request.user 5 as items %}` then
`{% include "notifications/_list.html" with notifications=items %}`: the list "Meldingen" on any
page (the home page "Mijn werk") without a change to its view."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def notifications_of(user, limit=5):
    return selectors.notifications_for(user, limit=int(limit))


@register.simple_tag
def unread_notifications(user):
    return selectors.unread_count(user)
