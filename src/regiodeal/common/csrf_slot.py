"""The CSRF token in HTML that is rendered once and served to many: the HTML is rendered with
`SLOT` as the token, and each response gets its visitor's own token in its place (`with_token`).
Used by the public pages cached whole for anonymous visitors (portal/views.py), by the frame
of every page, kept per process (portal/templatetags/regiodeal.py:frame), and by the workspace
pages kept whole per account (accounts/pages.py), which are rendered by their view with a real
token and `slotted` before they are kept."""

from __future__ import annotations

import re

SLOT = "rd-csrf-token-slot-7d3e9a"  # not a secret: a placeholder
_FIELD = 'name="csrfmiddlewaretoken" value="{}"'  # the form's field, not any text
_ANY_TOKEN = re.compile(_FIELD.format('[^"]*'))


def slotted(html: str) -> str:
    """`html` rendered with real tokens, with `SLOT` in the field of each of its forms instead."""
    return _ANY_TOKEN.sub(_FIELD.format(SLOT), html)


def with_token(html: str, token: str) -> str:
    """`html` rendered with `SLOT`, with `token` in the field of each of its forms."""
    return html.replace(_FIELD.format(SLOT), _FIELD.format(token))
