"""Behind the recommended nginx, the ideas limit counts per resident, not per proxy,
and a resident cannot escape it by sending a made-up X-Forwarded-For."""

from __future__ import annotations

from django.test import Client

from regiodeal.ideas.models import Idea

URL = "/deals/waterwegregio/ideas/"
PROXY = "127.0.0.1"


def post(client, **meta):
    data = {
        "title": "Bankjes in het park",
        "description": "Meer bankjes om even uit te rusten.",
        "area": "SCHIEDAM_OOST",
    }
    return client.post(URL, data, **meta)


def via_proxy(resident: str, claimed: str = "") -> dict:
    forwarded = f"{claimed}, {resident}" if claimed else resident
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def test_behind_a_trusted_proxy_each_resident_has_their_own_budget(waterwegregio, settings):
    settings.REGIODEAL_TRUSTED_PROXIES = [PROXY]
    settings.REGIODEAL_IDEA_RATE_LIMIT = 1
    client = Client()
    assert post(client, **via_proxy("203.0.113.1")).status_code == 200
    assert post(client, **via_proxy("203.0.113.1")).status_code == 429
    # Another resident behind the same proxy is not stopped by the first one's flood.
    assert post(client, **via_proxy("203.0.113.2")).status_code == 200
    # A made-up first hop does not give the flooder a fresh budget: nginx appends the real address.
    assert post(client, **via_proxy("203.0.113.1", claimed="192.0.2.77")).status_code == 429
    assert Idea.objects.count() == 2


def test_without_the_setting_a_forwarded_address_gives_no_fresh_budget(waterwegregio, settings):
    settings.REGIODEAL_TRUSTED_PROXIES = []
    settings.REGIODEAL_IDEA_RATE_LIMIT = 1
    client = Client()
    assert post(client, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert post(client, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429


def test_an_ipv6_client_cannot_escape_the_limit_by_changing_address_within_its_64(waterwegregio, settings):
    settings.REGIODEAL_TRUSTED_PROXIES = [PROXY]
    settings.REGIODEAL_IDEA_RATE_LIMIT = 1
    client = Client()
    assert post(client, **via_proxy("2001:db8:1:2::a")).status_code == 200
    assert post(client, **via_proxy("2001:db8:1:2::b")).status_code == 429
    assert post(client, **via_proxy("2001:db8:1:3::a")).status_code == 200  # another household
