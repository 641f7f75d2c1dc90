"""Sent by `disclosure.services.confidentiality_start` inside its transaction, once the
confidentiality row is saved: other apps take the record out of what they already published
(the reporting app withdraws every frozen public edition that holds it, Art. 10.1). Disclosure
imports no domain app; the receivers connect in their AppConfig.ready().

    confidentiality_started.send(sender=Confidentiality, confidentiality=row, record=record, actor=actor)
"""

from django.dispatch import Signal

confidentiality_started = Signal()
