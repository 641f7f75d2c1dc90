from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """What is public (Art. 10): confidentiality decisions on records, consulted by the one public
    read layer (portal/selectors.py) that the public site, public API, open data and public
    reports use."""

    name = "regiodeal.disclosure"
    label = "disclosure"
    verbose_name = _("Openbaarheid")

    def ready(self):
        # A confidentiality decision changes every public figure of its deal (Art. 10): every kind
        # of its data has a new version, so nothing confidential is served from the cache; and
        # its signal, DISCLOSURE, which the public site's version follows at once, without the
        # lag it has after other writes (dataversion.public_version).
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, *dv.EVERY, dv.DISCLOSURE)
