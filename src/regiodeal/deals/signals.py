"""Signals of the deals app.

`version_adopted` is sent after the transaction that adopted a new version of a deal has
committed (an amendment, accession, withdrawal or duration change; Art. 11-13, 19.2). Other apps
follow it without deals importing them, e.g. projects re-pointing their links by code to the new
version. Keyword arguments: `deal`, `version` (the new `DealVersion`, with its `effective_from`)
and `previous` (the newest version before it, by number).
"""

from django.dispatch import Signal

version_adopted = Signal()

# Sent inside the transaction of `services.deal_correct` (a reading corrected, not the covenant),
# once per corrected version, so that the apps that copied a reading follow it in the same
# transaction (all or nothing). Keyword arguments: `deal`, `version`, `actor`, `reason`,
# `moved` (the numbers that moved between an intended result and a pillar's approach: dicts with
# "indicator", "from" ("result", code) or ("norm", pk), "to" ("norm", pk) or ("result", target pk)).
definition_corrected = Signal()
