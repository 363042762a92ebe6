"""DNS rebinding: a name that answers the check with a public address and the connection with
127.0.0.1 must not make fetch() (or the link checker) request an internal service.

A local HTTP server on 127.0.0.1 records every request. The resolver is patched: made-up names
answer as the test says (e.g. public first, loopback afterwards); everything else (IP
literals, localhost) goes to the real resolver. socket.create_connection is wrapped to record
every target: "the internet" is unreachable, except the public addresses a test lists in
.reachable, which that same local server stands in for.
"""

import errno
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bildungsportal.backoffice import linkcheck
from bildungsportal.ingest import fetch as fetch_module
from bildungsportal.ingest.fetch import FetchError, fetch

PUBLIC = "93.184.216.34"  # global addresses (192.0.2.x etc. would not count as public)
OTHER_PUBLIC = "93.184.216.35"
REAL_GETADDRINFO = socket.getaddrinfo
REAL_CREATE_CONNECTION = socket.create_connection


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self):
        self.server.requests.append((self.command, self.path, self.headers.get("Host")))
        if self.path.startswith("/redirect-to/"):
            self.send_response(302)
            self.send_header("Location", f"http://{self.path.removeprefix('/redirect-to/')}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "6")
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(b"secret")

    do_GET = do_HEAD = _answer


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class Net:
    """The patched resolver and connector; .lookups and .connects record what happened."""

    def __init__(self, monkeypatch):
        self.answers = {}  # name -> list of answers, one per lookup; the last one repeats
        self.lookups = []
        self.connects = []
        self.reachable = set()  # public addresses served by the local server
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", self.create_connection)

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        if host not in self.answers:
            return REAL_GETADDRINFO(host, port, family, type, proto, flags)
        self.lookups.append(host)
        answers = self.answers[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, int(port or 0)))
                for ip in addresses]

    def create_connection(self, address, timeout=None, source_address=None, **kwargs):
        self.connects.append(tuple(address))
        host, port = address
        # Like the real one, a name is resolved (again) here: the rebinding the fix must avoid.
        ip = self.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
        if ip in (PUBLIC, OTHER_PUBLIC):
            if ip not in self.reachable:
                raise OSError(errno.ENETUNREACH, "Network is unreachable (test)")
            ip = "127.0.0.1"
        return REAL_CREATE_CONNECTION((ip, port), timeout, source_address, **kwargs)


@pytest.fixture
def net(monkeypatch):
    return Net(monkeypatch)


def port(server):
    return server.server_address[1]


def test_rebinding_name_never_reaches_the_internal_server(server, net):
    # First answer public (passes a check), every later one loopback (the internal service).
    net.answers["feed.example"] = [[PUBLIC], ["127.0.0.1"]]
    with pytest.raises(FetchError, match="nicht erreichbar"):
        fetch(f"http://feed.example:{port(server)}/feed.json", public_only=True, timeout=2)
    assert server.requests == []
    # Resolved once, and the connection went to exactly the checked address.
    assert net.lookups == ["feed.example"]
    assert net.connects == [(PUBLIC, port(server))]


def test_https_rebinding_connects_to_the_checked_address(net):
    net.answers["feed.example"] = [[PUBLIC], ["127.0.0.1"]]
    with pytest.raises(FetchError, match="nicht erreichbar"):
        fetch("https://feed.example/feed.json", public_only=True, timeout=2)
    assert net.lookups == ["feed.example"]
    assert net.connects == [(PUBLIC, 443)]


def test_every_resolved_address_is_checked(server, net):
    net.answers["feed.example"] = [[PUBLIC, "127.0.0.1"]]
    with pytest.raises(FetchError, match="internen Netz ist nicht erlaubt: feed.example"):
        fetch(f"http://feed.example:{port(server)}/feed.json", public_only=True, timeout=2)
    assert server.requests == [] and net.connects == []


def test_a_public_name_is_fetched_with_its_host_header(server, net):
    net.answers["feed.example"] = [[PUBLIC]]
    net.reachable = {PUBLIC}
    result = fetch(f"http://feed.example:{port(server)}/feed.json", public_only=True, timeout=2)
    assert result.status == 200 and result.data == b"secret"
    assert net.connects == [(PUBLIC, port(server))]
    assert server.requests == [("GET", "/feed.json", f"feed.example:{port(server)}")]


@pytest.mark.parametrize("target_answers", [
    [["127.0.0.1"]],  # plainly internal
    [[OTHER_PUBLIC], ["127.0.0.1"]],  # rebinding: public for a check, loopback afterwards
])
def test_a_redirect_to_an_internal_name_is_refused(server, net, target_answers):
    net.answers["feed.example"] = [[PUBLIC]]
    rebinding = len(target_answers) > 1
    net.answers["intern.example"] = target_answers
    net.reachable = {PUBLIC}  # feed.example answers (with the redirect)
    target = f"intern.example:{port(server)}/secret"
    url = f"http://feed.example:{port(server)}/redirect-to/{target}"
    with pytest.raises(FetchError) as error:
        fetch(url, public_only=True, timeout=2)
    # The redirect itself was served; the internal target never was.
    assert [path for _, path, _ in server.requests] == [f"/redirect-to/{target}"]
    if rebinding:  # the connection went to the checked public address, not to loopback
        assert "nicht erreichbar" in str(error.value)
        assert net.connects == [(PUBLIC, port(server)), (OTHER_PUBLIC, port(server))]
    else:
        assert "Adresse im internen Netz ist nicht erlaubt: intern.example" in str(error.value)
    assert net.lookups.count("intern.example") == 1


def test_private_addresses_still_work_when_allowed(server, net):
    net.answers["intern.example"] = [["127.0.0.1"]]
    result = fetch(f"http://intern.example:{port(server)}/feed.json", timeout=2)
    assert result.data == b"secret" and net.connects == [("127.0.0.1", port(server))]


class FakeContext:
    def __init__(self):
        self.calls = []

    def wrap_socket(self, sock, server_hostname=None, **kwargs):
        self.calls.append((sock, server_hostname))
        return sock


class FakeSocket:
    def close(self):
        pass


def test_https_keeps_the_name_for_sni_and_certificate_check(monkeypatch, net):
    net.answers["feed.example"] = [[PUBLIC]]
    sock = FakeSocket()
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *args, **kwargs: net.connects.append(address) or sock)
    context = FakeContext()
    connection = fetch_module._CheckedHTTPSConnection(
        "feed.example", 443, context=context, public_only=True)
    connection.connect()
    assert net.connects == [(PUBLIC, 443)]  # TCP to the checked IP …
    assert context.calls == [(sock, "feed.example")]  # … TLS with the name
    assert connection.sock is sock


def test_linkcheck_connects_to_the_checked_address(server, net, settings):
    settings.LINKCHECK_ALLOW_PRIVATE = False
    net.answers["links.example"] = [[PUBLIC], ["127.0.0.1"]]
    limiter = linkcheck.RateLimiter(sleep=lambda seconds: None)
    ok, status, error = linkcheck.check_url(
        f"http://links.example:{port(server)}/anmeldung", timeout=2, limiter=limiter)
    assert not ok and status is None
    assert server.requests == []
    # HEAD went to the checked public address; the GET retry resolved again and was refused.
    assert net.connects == [(PUBLIC, port(server))]
    assert error == "refused: links.example is a private or local address"


def test_public_only_ignores_a_proxy_from_the_environment(server, net, monkeypatch):
    # A proxy would resolve the name itself, out of reach of the check: connect directly.
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port(server)}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    net.answers["feed.example"] = [[PUBLIC]]
    net.reachable = {PUBLIC}
    result = fetch(f"http://feed.example:{port(server)}/feed.json", public_only=True, timeout=2)
    assert result.data == b"secret" and net.connects == [(PUBLIC, port(server))]
    assert [path for _, path, _ in server.requests] == ["/feed.json"]  # not a proxy request


@pytest.mark.parametrize("address", ["64:ff9b::7f00:1", "64:ff9b::a00:1", "::ffff:10.0.0.1"])
def test_nat64_and_mapped_addresses_count_as_the_ipv4_inside(server, net, address):
    net.answers["feed.example"] = [[address]]
    with pytest.raises(FetchError, match="internen Netz ist nicht erlaubt"):
        fetch(f"http://feed.example:{port(server)}/feed.json", public_only=True, timeout=2)
    assert server.requests == [] and net.connects == []
