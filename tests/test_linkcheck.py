"""The bounded link checker against a real http.server on 127.0.0.1 (run in a thread)."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bildungsportal.backoffice import linkcheck, tasks
from bildungsportal.backoffice.models import LinkCheck
from bildungsportal.catalog.models import Offering
from tests import factories

pytestmark = pytest.mark.django_db
allow_loopback = override_settings(LINKCHECK_ALLOW_PRIVATE=True)


class Handler(BaseHTTPRequestHandler):
    requests = []

    def log_message(self, *args):
        pass

    def _answer(self, body):
        Handler.requests.append((self.command, self.path))
        path = self.path
        if path == "/ok":
            self._send(200, body=body)
        elif path == "/missing":
            self._send(404, body=body)
        elif path == "/redirect":
            self._send(302, location="/ok")
        elif path == "/redirect-absolute":
            self._send(301, location=f"http://127.0.0.1:{self.server.server_port}/ok")
        elif path == "/to-ftp":
            self._send(302, location="ftp://example.org/file")
        elif path == "/to-javascript":
            self._send(302, location="javascript:alert(1)")
        elif path == "/loop":
            self._send(302, location="/loop")
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, body=body)
        elif path == "/gone-then-ok":
            self._send(500, body=body)
        else:
            self._send(404, body=body)

    def _send(self, status, location=None, body=True):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def clear_requests():
    Handler.requests.clear()


def fast():
    return linkcheck.RateLimiter(interval=0)


@allow_loopback
@pytest.mark.parametrize("path,ok,status", [
    ("/ok", True, 200),
    ("/missing", False, 404),
    ("/redirect", True, 200),
    ("/redirect-absolute", True, 200),
    ("/no-head", True, 200),
    ("/gone-then-ok", False, 500),
])
def test_check_url_statuses(server, path, ok, status):
    result = linkcheck.check_url(server + path, timeout=2, limiter=fast())
    assert result[:2] == (ok, status)


@allow_loopback
def test_head_first_then_get_fallback(server):
    linkcheck.check_url(server + "/ok", timeout=2, limiter=fast())
    assert Handler.requests == [("HEAD", "/ok")]
    Handler.requests.clear()
    linkcheck.check_url(server + "/no-head", timeout=2, limiter=fast())
    assert Handler.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


@allow_loopback
@pytest.mark.parametrize("path,error", [
    ("/to-ftp", "non-http(s)"), ("/to-javascript", "non-http(s)"), ("/loop", "too many"),
])
def test_bad_redirects_are_errors(server, path, error):
    ok, status, message = linkcheck.check_url(server + path, timeout=2, limiter=fast())
    assert not ok and status is None
    assert error in message
    assert len(Handler.requests) <= 2 * (linkcheck.MAX_REDIRECTS + 1)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/", "http://localhost/", "http://10.1.2.3/", "http://192.168.0.1/x",
    "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/",
])
def test_private_and_loopback_addresses_are_refused_by_default(url):
    ok, status, message = linkcheck.check_url(url, timeout=1, limiter=fast())
    assert (ok, status) == (False, None)
    assert "refused" in message


def test_loopback_server_is_not_contacted_without_the_setting(server):
    ok, _status, message = linkcheck.check_url(server + "/ok", timeout=1, limiter=fast())
    assert not ok and "refused" in message
    assert Handler.requests == []


@pytest.mark.parametrize("url", [
    "ftp://example.org/", "javascript:alert(1)", "mailto:a@example.org", "http://", "",
    "http://exa mple.org/", "http://example.org:99999/", "http://\u00e4\u00f6\u00fc.invalid/",
])
def test_hostile_addresses_give_an_error_not_an_exception(url):
    ok, status, message = linkcheck.check_url(url, timeout=1, limiter=fast())
    assert not ok and status is None and message


@allow_loopback
def test_unreachable_port_is_an_error():
    ok, status, message = linkcheck.check_url("http://127.0.0.1:9/", timeout=1, limiter=fast())
    assert (ok, status) == (False, None) and message


def test_rate_limiter_waits_per_host():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = linkcheck.RateLimiter(interval=1.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("a.example")
    limiter.wait("b.example")
    limiter.wait("a.example")
    now[0] += 0.25
    limiter.wait("a.example")
    now[0] += 5
    limiter.wait("a.example")
    assert slept == [1.0, 0.75]


@pytest.fixture
def offerings(server):
    town = factories.town()
    vocab = factories.vocabularies()
    vhs = factories.provider()
    music = factories.provider("Musikschule")

    def make(title, path, provider=vhs, **fields):
        return factories.offering(
            provider, vocab, title, registration_url=server + path, **fields
        )

    data = {
        "ok": make("Gut", "/ok"),
        "missing": make("Kaputt", "/missing"),
        "redirect": make("Umgeleitet", "/redirect"),
        "guitar": make("Gitarre", "/missing", provider=music),
        "draft": make("Entwurf", "/missing", status="draft"),
        "none": factories.offering(vhs, vocab, "Ohne Link"),
        "town": town, "vhs": vhs, "music": music,
    }
    return data


@allow_loopback
def test_check_links_stores_results_for_published_offerings(offerings):
    checks = linkcheck.check_links(limit=10, timeout=2, limiter=fast())

    assert len(checks) == 4  # not the draft, not the offering without a link
    stored = {c.offering.title: (c.ok, c.status_code) for c in LinkCheck.objects.all()}
    assert stored == {"Gut": (True, 200), "Kaputt": (False, 404), "Umgeleitet": (True, 200),
                      "Gitarre": (False, 404)}
    assert {o.title for o in linkcheck.broken_links()} == {"Kaputt", "Gitarre"}
    vhs_only = Offering.objects.filter(provider=offerings["vhs"])
    assert [o.title for o in linkcheck.broken_links(vhs_only)] == ["Kaputt"]


@allow_loopback
def test_limit_and_oldest_checked_first(offerings, server):
    now = timezone.now()
    LinkCheck.objects.create(offering=offerings["ok"], url=server + "/ok", ok=True,
                             status_code=200, checked_at=now - timedelta(days=1))
    LinkCheck.objects.create(offering=offerings["missing"], url=server + "/missing", ok=False,
                             status_code=404, checked_at=now - timedelta(days=9))
    # The link changed since its last check: due first, like a never-checked one.
    LinkCheck.objects.create(offering=offerings["redirect"], url=server + "/old", ok=False,
                             status_code=404, checked_at=now)

    due = [o.title for o in linkcheck.due_offerings(limit=3)]
    assert due == ["Umgeleitet", "Gitarre", "Kaputt"]

    checks = linkcheck.check_links(limit=2, timeout=2, limiter=fast())
    assert [c.offering.title for c in checks] == ["Umgeleitet", "Gitarre"]
    assert len(Handler.requests) >= 2
    # The link that changed is no longer listed as broken once rechecked.
    assert "Umgeleitet" not in {o.title for o in linkcheck.broken_links()}
    assert [o.title for o in linkcheck.due_offerings(limit=1)] == ["Kaputt"]


@allow_loopback
def test_command_and_task(offerings):
    out = StringIO()
    call_command("check_links", "--limit", "2", "--timeout", "2", stdout=out)
    assert "2 links checked" in out.getvalue()
    assert LinkCheck.objects.count() == 2
    assert tasks.check_links.enqueue(limit=1, timeout=2).return_value in (0, 1)
    assert LinkCheck.objects.count() == 3


@pytest.mark.parametrize("args", [["--limit", "0"], ["--timeout", "0"], ["--timeout", "999"]])
def test_command_rejects_bad_options(args):
    with pytest.raises(CommandError):
        call_command("check_links", *args)


@allow_loopback
def test_broken_links_page_for_office_and_provider(client, offerings):
    linkcheck.check_links(limit=10, timeout=2, limiter=fast())
    client.force_login(factories.user("musik", providers=[offerings["music"]]))
    html = client.get(reverse("backoffice:broken-links")).content.decode()
    assert "Gitarre" in html and "Kaputt" not in html
    assert "HTTP-Status 404" in html

    client.force_login(factories.user("redaktion", office=True))
    html = client.get(reverse("backoffice:broken-links")).content.decode()
    assert "Gitarre" in html and "Kaputt" in html and "Umgeleitet" not in html
