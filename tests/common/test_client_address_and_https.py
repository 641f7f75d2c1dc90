"""Behind a proxy, the client's address and HTTPS are read from
the proxy's headers only when the direct peer is a trusted proxy (REGIODEAL_TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from regiodeal.common.http import client_ip, forwarded_https, parse_networks

PROXY = "10.0.0.5"


def request(peer="10.0.0.5", forwarded=None, proto=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if proto is not None:
        meta["HTTP_X_FORWARDED_PROTO"] = proto
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(request(peer="198.51.100.7", forwarded="203.0.113.9")) == "198.51.100.7"


@override_settings(REGIODEAL_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_from_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client():
    # The client sent a made-up first hop; our nginx appended the address it saw.
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    # Two proxies of our own: the second one's address is skipped too.
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"
    # IPv6 and a port are read as addresses.
    assert client_ip(request(forwarded="[2001:db8::1]:51000")) == "2001:db8::1"


@override_settings(REGIODEAL_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_header_from_an_untrusted_peer_or_a_bad_hop_is_not_believed():
    assert client_ip(request(peer="203.0.113.50", forwarded="1.2.3.4")) == "203.0.113.50"
    # Garbage at the right: keep the last address we can trust, the proxy itself.
    assert client_ip(request(forwarded="not-an-ip")) == PROXY
    # No header at all from the proxy: the proxy is the client.
    assert client_ip(request()) == PROXY


@override_settings(REGIODEAL_TRUSTED_PROXIES=["127.0.0.1"])
def test_https_is_believed_only_from_a_trusted_proxy():
    assert forwarded_https(request(peer="127.0.0.1", proto="https"))
    assert not forwarded_https(request(peer="127.0.0.1", proto="http"))
    assert not forwarded_https(request(peer="203.0.113.50", proto="https"))


def test_a_bad_trusted_proxies_value_names_the_entry():
    assert [str(n) for n in parse_networks("127.0.0.1, 10.0.0.0/8")] == ["127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(ValueError, match="'nginx' is not an IP address"):
        parse_networks("127.0.0.1,nginx")


def test_the_setting_refuses_a_bad_value_at_start_up(monkeypatch):
    import importlib

    import regiodeal.conf.settings as conf

    monkeypatch.setenv("REGIODEAL_TRUSTED_PROXIES", "10.0.0.0/33")
    with pytest.raises(ImproperlyConfigured, match=r"REGIODEAL_TRUSTED_PROXIES: '10\.0\.0\.0/33'"):
        importlib.reload(conf)
    monkeypatch.delenv("REGIODEAL_TRUSTED_PROXIES")
    importlib.reload(conf)


# --- through the site ----------------------------------------------------------------------


@override_settings(REGIODEAL_TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_over_https_the_site_sends_hsts(client, db):
    response = client.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@override_settings(REGIODEAL_TRUSTED_PROXIES=[])
def test_a_client_cannot_claim_https_by_itself(client, db):
    response = client.get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in response
    assert client.get("/", secure=True).has_header("Strict-Transport-Security")  # TLS to us directly


@override_settings(REGIODEAL_TRUSTED_PROXIES=["127.0.0.1"])
def test_the_secret_calendar_address_is_built_with_https_behind_the_proxy(client, waterwegregio, make_user):
    client.force_login(make_user("programme_office", waterwegregio))
    # As nginx passes it on (docs/security.md): the Host, the client's address, the scheme.
    https = {"REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}
    made = client.post("/deals/waterwegregio/governance/calendar/token/", **https)
    assert made.status_code == 302
    page = client.get(made["Location"], **https).content.decode()
    assert "https://testserver/deals/waterwegregio/governance/feed/" in page
    assert "http://testserver/" not in page


@override_settings(REGIODEAL_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_login_lockout_behind_the_proxy_holds_one_address_not_everyone(client, waterwegregio, make_user):
    make_user("programme_office", waterwegregio, username="office")
    right = {"username": "office", "password": "a-long-test-password"}
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(5):  # AXES_FAILURE_LIMIT
        client.post("/accounts/login/", {"username": "office", "password": "fout"}, **attacker)
    locked = client.post("/accounts/login/", right, **attacker)
    assert locked.status_code == 429
    # The office itself, behind the same proxy from its own address, still logs in.
    office = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    response = client.post("/accounts/login/", right, **office)
    assert response.status_code == 302


@override_settings(REGIODEAL_TRUSTED_PROXIES=["127.0.0.1"])
def test_the_audit_trail_records_the_clients_address_not_the_proxys(db):
    from django.contrib.auth.models import AnonymousUser

    from regiodeal.audit.services import Actor

    r = request(peer="127.0.0.1", forwarded="203.0.113.9")
    r.user = AnonymousUser()
    assert Actor.from_request(r).source == "203.0.113.9"
