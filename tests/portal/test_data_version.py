"""The data version of one deal (common/dataversion.py): a write in a deal makes a new version of
that deal's cached figures and leaves every other deal's in place; a change that belongs to no one
deal, and an audit event without a deal, make a new version for every deal; the whole instance's
version (the ministry's portfolio) changes with a write anywhere (issue 9)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regiodeal.audit.models import AuditEvent
from regiodeal.common.dataversion import data_version, deal_data_version
from regiodeal.deals.models import Pillar
from tests.portal.conftest import book

pytestmark = pytest.mark.django_db


def _bulk_from_elsewhere(events):
    """Events written as another process or a bulk write would: no signal. The trail is append-only
    (audit.integrity), so the test writes them under the maintenance bypass."""
    from regiodeal.audit.integrity import maintenance
    from regiodeal.audit.models import AuditEvent

    with maintenance():
        AuditEvent.objects.bulk_create(events)


@pytest.fixture
def two(site, other_deal):
    return site["deal"], other_deal


def versions(*deals):
    return [deal_data_version(d) for d in deals] + [data_version()]


def test_a_booking_in_one_deal_makes_a_new_version_of_that_deal_only(two):
    ww, proef = two
    ww_before, proef_before, all_before = versions(ww, proef)
    book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    ww_after, proef_after, all_after = versions(ww, proef)
    assert ww_after != ww_before
    assert proef_after == proef_before
    assert all_after != all_before


def test_a_change_in_no_one_deal_makes_a_new_version_of_every_deal(two):
    ww, proef = two
    before = versions(ww, proef)
    pillar = Pillar.objects.filter(version__deal=proef).first()
    pillar.save()  # a deal version's content: its row has no deal of its own
    after = versions(ww, proef)
    assert all(a != b for a, b in zip(after, before, strict=True))


@pytest.mark.parametrize(
    "slug, changes", [("", {"waterwegregio", "proefdeal"}), ("proefdeal", {"proefdeal"})]
)
def test_an_audit_event_makes_a_new_version_of_its_deal_or_without_a_deal_of_every_deal(two, slug, changes):
    """An event written without a signal (another process, a bulk write) is seen through the audit
    trail."""
    ww, proef = two
    before = dict(zip(("waterwegregio", "proefdeal"), versions(ww, proef)[:2], strict=True))
    _bulk_from_elsewhere(
        [AuditEvent(actor_label="elsewhere", action="x", deal_slug=slug, object_type="x", object_id="1")]
    )
    after = dict(zip(("waterwegregio", "proefdeal"), versions(ww, proef)[:2], strict=True))
    assert {s for s in before if before[s] != after[s]} == changes


def test_a_write_in_another_deal_keeps_this_deals_public_pages_cached(two):
    """The public list of the Waterwegregio is read from the cache after a booking in another deal
    (the same queries as a warm request), and computed afresh after one of its own."""
    ww, proef = two
    client = Client()
    url = "/deals/waterwegregio/public/projects/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        return len(q.captured_queries)

    queries()
    warm = queries()
    _bulk_from_elsewhere(
        [
            AuditEvent(
                actor_label="elsewhere", action="x", deal_slug=proef.slug, object_type="x", object_id="1"
            )
        ]
    )
    assert queries() == warm
    book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    assert queries() > warm


def test_within_a_request_the_version_is_read_once_and_forgotten_at_a_write(two):
    """RequestScope: a page asks for its deal's version for each of its parts; it is read once,
    and read again after any write in the same request, so the request sees its own write."""
    from regiodeal.common.dataversion import RequestScope

    ww, _proef = two
    seen = {}

    def view(request):
        with CaptureQueriesContext(connection) as q:
            first = deal_data_version(ww)
            again = deal_data_version(ww)
        seen["queries"] = len(q.captured_queries)
        seen["same"] = first == again
        book(ww, "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
        seen["after_write"] = deal_data_version(ww) != first
        return None

    RequestScope(view)(object())
    assert seen == {"queries": 1, "same": True, "after_write": True}


def test_a_fragment_is_cached_per_language_and_per_everything_asked_for(two):
    """Two filter values that differ only after many characters are two entries, not one; the
    same part in another language is another entry too."""
    from django.utils import translation

    from regiodeal.common.dataversion import cached_fragment

    ww, _proef = two
    long = "x" * 200
    made = []

    def render(tag):
        def make():
            made.append(tag)
            return tag

        return make

    assert cached_fragment(ww, "t", render("a"), long + "a") == "a"
    assert cached_fragment(ww, "t", render("b"), long + "b") == "b"
    assert cached_fragment(ww, "t", render("again"), long + "a") == "a"  # from the cache
    with translation.override("en"):
        assert cached_fragment(ww, "t", render("en"), long + "a") == "en"
    assert made == ["a", "b", "en"]


def test_a_deals_page_reads_the_deal_and_its_version_in_one_query(two):
    """deal_by_slug reads the deal and what its data version needs from the audit trail at once;
    an audit event written between the lookup and the first read of the version is not missed."""
    from regiodeal.common.dataversion import RequestScope, deal_by_slug

    ww, _proef = two
    seen = {}

    def event():
        AuditEvent.objects.create(
            actor_label="x", action="x", deal_slug="waterwegregio", object_type="x", object_id="1"
        )

    def view(request):
        with CaptureQueriesContext(connection) as q:
            deal = deal_by_slug("waterwegregio")
            seen["version"] = deal_data_version(deal)
        seen["queries"] = len(q.captured_queries)
        return None

    def view_with_a_write(request):
        deal = deal_by_slug("waterwegregio")  # reads the latest event
        event()  # a newer one, in the same request
        seen["after_write"] = deal_data_version(deal)
        return None

    outside = deal_data_version(ww)
    RequestScope(view)(object())
    assert (seen["queries"], seen["version"]) == (1, outside)
    RequestScope(view_with_a_write)(object())
    assert seen["after_write"] != outside
    assert seen["after_write"] == deal_data_version(ww)
    with pytest.raises(type(ww).DoesNotExist):
        deal_by_slug("no-such-deal")


def test_an_anonymous_visitor_gets_the_cached_page_with_a_csrf_token_of_their_own(two):
    """The public pages are cached whole for anonymous visitors; the language switch in the frame
    is a POST form, so each response carries the visitor's own CSRF token, which is accepted."""
    url = "/deals/waterwegregio/public/projects/?pillar=1"
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "rd-csrf-token-slot" not in html
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        tokens.append(token)
        switched = visitor.post(
            "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302, "the token in the cached page is not accepted"
        assert switched["Location"].startswith("/en/deals/waterwegregio/public/projects/")
        assert '<html lang="en">' in visitor.get(switched["Location"]).content.decode()
    assert tokens[0] != tokens[1]


def test_a_logged_in_account_never_gets_the_anonymous_page_nor_leaves_its_name_in_it(two, make_user):
    """The frame of a logged-in account (its name, its workspace) is its own; the content is the
    same cached content."""
    url = "/deals/waterwegregio/public/projects/"
    user = make_user("programme_office", two[0], username="pb-frame")
    account = Client()
    account.force_login(user)
    mine = account.get(url).content.decode()  # the account first: nothing of it may be kept
    anonymous = Client().get(url).content.decode()
    assert "pb-frame" in mine and "Projectregister" in mine
    assert "pb-frame" not in anonymous and "Projectregister" not in anonymous
    assert "pb-frame" in account.get(url).content.decode()  # and the account keeps its own frame


def test_only_an_address_with_the_pages_own_parameters_is_cached_whole(two):
    """A tracking tag or made-up parameter is served (uncached frame around the cached content)
    but does not make a cache entry of its own per value."""
    from django.core.cache import cache

    client = Client()
    url = "/deals/waterwegregio/public/projects/?pillar=1"
    assert client.get(url).status_code == 200
    before = len(cache._cache)  # the tests' in-memory cache
    for n in range(5):
        assert client.get(f"{url}&fbclid={n}").status_code == 200
    assert len(cache._cache) == before
