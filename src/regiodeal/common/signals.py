"""Platform-wide signals.

`setup_completed` is sent at the end of `regiodeal setup` (after migrations and the bundled deals),
so an app can bring its own reference data up to date without the deals app importing it (the
results app seeds its indicator links from the covenant's targets). Receivers are idempotent.
Keyword argument: `actor`.
"""

from django.dispatch import Signal

setup_completed = Signal()
