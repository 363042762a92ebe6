"""Surveys section of `make bench`: concurrent survey submissions against the production server.

A throwaway PostgreSQL cluster (tests/pg.py: unix socket only, fsync off) holds a fresh
database with the template survey "bildungsumfrage"; gunicorn (bildungsportal.wsgi, DEBUG
off, HTTPS=0, bound to 127.0.0.1) serves it. An open-loop load generator starts
BENCH_SURVEY_RATE submissions per second for BENCH_SURVEY_SECONDS seconds, each a complete
respondent, in one of two modes (BENCH_SURVEY_MODE):

- one-page (default): the "whole survey on one page" form /umfrage/<slug>/alle/. Each client
  thread GETs it once for the CSRF cookie and token (and the form's fields); every submission
  is then ONE POST of a complete respondent (every page's answers, both branches filled, the
  server drops the hidden one) with a fresh random submission key and the soft-required hint
  confirmed (soft_ok, as the form's second click would send it).
- multi-page: GET the start page, POST "start", then every page as the browser would (radio
  buttons, a checkbox, numbers, ranks, a text), until the thank-you page (≈ 15 requests).

Each submission has its own source address (127.a.b.c, at most 50 per /24 prefix), so the
survey's per-prefix rate limit stays on and is not hit; multi-page respondents also have their
own cookies. Afterwards the number of submitted
responses in the database must equal the number of submissions that reached the thank-you page.

Environment: BENCH_SURVEY_RATE (200), BENCH_SURVEY_SECONDS (60), BENCH_SURVEY_CLIENTS (client
threads, 300), BENCH_SURVEY_MODE (one-page | multi-page), BENCH_SURVEY_WORKERS (gunicorn
workers, 2), BENCH_SURVEY_THREADS (gunicorn threads per worker, 4).

Run alone: `.venv/bin/python bench/survey_submit.py` (prints JSON); bench/run.py renders it.
"""

import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

RATE = float(os.environ.get("BENCH_SURVEY_RATE", "200"))
SECONDS = float(os.environ.get("BENCH_SURVEY_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_SURVEY_CLIENTS", "300"))
WORKERS = int(os.environ.get("BENCH_SURVEY_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_SURVEY_THREADS", "4"))
MODE = os.environ.get("BENCH_SURVEY_MODE", "one-page")
SLUG = "bildungsumfrage"
PATH = f"/umfrage/{SLUG}/"
ONE_PAGE_PATH = f"/umfrage/{SLUG}/alle/"
PER_PREFIX = 50  # below the survey's default limit of 60 starts per /24 and 10 minutes
MAX_STEPS = 40


class FormParser(HTMLParser):
    """The fields of the page's POST form: hidden values, radio/checkbox groups, numbers."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields = []  # (tag, attrs)
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
        elif self.in_form and tag in ("input", "textarea"):
            self.fields.append((tag, attrs))
        elif self.in_form and tag == "select":
            self.select = (tag, {**attrs, "options": []})
            self.fields.append(self.select)
        elif self.in_form and tag == "option" and self.select is not None:
            self.select[1]["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


def form_fields(html):
    parser = FormParser()
    parser.feed(html)
    return parser.fields


def fill(html, rng, fields=None):
    """The POST data for one answer page: one value per radio group, one checkbox per group,
    a permutation for a ranking group, numbers inside their range, a text now and then.
    ``fields`` (from form_fields) saves parsing the same form again."""
    data = []
    radios, checks, ranks = {}, {}, {}
    for tag, attrs in fields if fields is not None else form_fields(html):
        name = attrs.get("name")
        if not name or name == "website":  # the honeypot stays empty
            continue
        kind = (attrs.get("type") or "text").lower()
        if tag == "select":
            options = [o for o in attrs["options"] if o]
            if options and all(o.isdigit() for o in options) and "__" in name:
                ranks.setdefault(name.split("__")[0], []).append((name, options))
            elif options:
                data.append((name, rng.choice(options)))
        elif kind == "hidden":
            data.append((name, attrs.get("value", "")))
        elif kind == "radio":
            radios.setdefault(name, []).append(attrs.get("value", ""))
        elif kind == "checkbox":
            checks.setdefault(name, []).append(attrs.get("value", ""))
        elif kind == "number":
            low = int(attrs.get("min") or 0)
            high = int(attrs.get("max") or low + 10)
            if "__" in name and attrs.get("max"):
                ranks.setdefault(name.split("__")[0], []).append((name, [str(high)]))
            else:
                data.append((name, str(rng.randint(low, high))))
        elif tag == "textarea" and rng.random() < 0.3:
            data.append((name, "Mehr Kurse am Abend, gern auch online."))
    for name, values in [*radios.items(), *checks.items()]:
        value = rng.choice(values)
        data.append((name, value))
        if value == "other":  # "Sonstiges" needs its text
            data.append((f"{name}__other", "Imkerei"))
    for _group, items in ranks.items():
        order = list(range(1, len(items) + 1))
        rng.shuffle(order)
        data += [(name, str(rank)) for (name, _options), rank in zip(items, order, strict=True)]
    return data


class Browser:
    """One respondent: its own connection, source address and cookies."""

    def __init__(self, port, source):
        self.port, self.source = port, source
        self.cookies = {}
        self.requests = 0
        self.conn = None

    def request(self, method, path, data=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120,
                                                   source_address=(self.source, 0))
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self.requests += 1
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, response.getheader("Location") or "", content

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def source_address(number):
    prefix = number // PER_PREFIX
    return f"127.{1 + prefix // 256 % 250}.{prefix % 256}.{1 + number % PER_PREFIX}"


_client = threading.local()


def submit_one_page(port, number, rng):
    """One complete respondent as ONE POST; returns (status, seconds, requests).

    The client thread's first call also GETs the form (CSRF cookie, token, fields): that
    request is counted with this submission."""
    requests = 0
    if getattr(_client, "form", None) is None:
        browser = Browser(port, source_address(number))
        try:
            status, _location, html = browser.request("GET", ONE_PAGE_PATH)
        except (OSError, http.client.HTTPException) as error:
            return f"connection: {type(error).__name__}", 0, browser.requests
        finally:
            browser.close()
        if status != 200:
            return f"one-page form {status}", 0, browser.requests
        _client.form = (dict(browser.cookies), form_fields(html))
        requests = browser.requests
    cookies, fields = _client.form
    browser = Browser(port, source_address(number))
    browser.cookies = dict(cookies)
    started = time.perf_counter()
    try:
        data = [(k, v) for k, v in fill("", rng, fields) if k != "submission_key"]
        data += [("submission_key", secrets.token_urlsafe(24)), ("soft_ok", "1")]
        status, location, _html = browser.request("POST", ONE_PAGE_PATH, data)
        if status == 429:
            return "rate limited", 0, requests + browser.requests
        if status in (302, 303) and "/danke/" in location:
            return "ok", time.perf_counter() - started, requests + browser.requests
        return f"answer {status}", 0, requests + browser.requests
    except (OSError, http.client.HTTPException) as error:
        return f"connection: {type(error).__name__}", 0, requests + browser.requests
    finally:
        browser.close()


def submit(port, number, rng):
    """One complete respondent page by page; returns (status, seconds, requests)."""
    browser = Browser(port, source_address(number))
    started = time.perf_counter()
    try:
        status, _location, html = browser.request("GET", PATH)
        if status != 200:
            return f"start page {status}", 0, browser.requests
        status, location, html = browser.request(
            "POST", PATH, [("csrfmiddlewaretoken", token(html)), ("action", "start"),
                           ("k", ""), ("lang", "de"), ("code", ""), ("website", "")])
        if status == 429:
            return "rate limited", 0, browser.requests
        for _step in range(MAX_STEPS):
            if "/danke/" in location:
                return "ok", time.perf_counter() - started, browser.requests
            status, location, html = browser.request("GET", PATH)
            if status != 200:
                return f"page {status}", 0, browser.requests
            data = [*fill(html, rng), ("action", "next")]
            status, location, html = browser.request("POST", PATH, data)
            if status == 200:  # the page asks again (a soft hint): confirm it
                status, location, html = browser.request(
                    "POST", PATH, [*fill(html, rng), ("soft_ok", "1"), ("action", "next")])
            if status not in (302, 303):
                return f"answer {status}", 0, browser.requests
        return "too many pages", 0, browser.requests
    except (OSError, http.client.HTTPException) as error:
        return f"connection: {type(error).__name__}", 0, browser.requests
    finally:
        browser.close()


def load(port, rate, seconds, clients, mode=MODE):
    """Open loop: submission i starts at i / rate seconds (or as soon as a client is free)."""
    from timing import percentile

    submit_function = submit_one_page if mode == "one-page" else submit

    total = int(rate * seconds)
    results = []
    lock = threading.Lock()
    lateness = []

    def job(number, due):
        late = time.monotonic() - due
        outcome = submit_function(port, number, random.Random(number))
        with lock:
            results.append(outcome)
            lateness.append(late)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for number in range(total):
            due = started + number / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            pool.submit(job, number, due)
        issued = time.monotonic() - started
    elapsed = time.monotonic() - started
    ok = [seconds_ for status, seconds_, _n in results if status == "ok"]
    errors = {}
    for status, _s, _n in results:
        if status != "ok":
            errors[status] = errors.get(status, 0) + 1
    return {
        "mode": mode, "target_rate": rate, "seconds": seconds, "started": total, "ok": len(ok),
        "errors": errors, "issue_seconds": round(issued, 1), "elapsed": round(elapsed, 1),
        "achieved_rate": round(len(ok) / elapsed, 1) if elapsed else 0,
        "requests": sum(n for _s, _t, n in results),
        "requests_per_submission": round(sum(n for _s, _t, n in results) / max(1, total), 2),
        "p50_ms": round(percentile([s * 1000 for s in ok], 50), 1) if ok else None,
        "p95_ms": round(percentile([s * 1000 for s in ok], 95), 1) if ok else None,
        "max_ms": round(max(ok) * 1000, 1) if ok else None,
        "start_lateness_p95_s": round(percentile(lateness, 95), 2) if lateness else None,
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", PATH, headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn on port {port} did not answer")


def section(rate=RATE, seconds=SECONDS, clients=CLIENTS):
    from timing import loadavg

    from tests.pg import SUPERUSER, TemporaryPostgres

    server = TemporaryPostgres().start()
    var = Path(tempfile.mkdtemp(prefix="bildungsportal-bench-surveys-"))
    env = {
        **os.environ, "DATABASE_URL": f"postgres://{SUPERUSER}@{quote(str(server.dir), safe='')}"
        "/postgres", "BILDUNGSPORTAL_VAR": str(var), "DEBUG": "0", "HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60", "LOG_LEVEL": "ERROR",
    }
    cli = str(ROOT / ".venv" / "bin" / "bildungsportal")
    gunicorn = None
    try:
        for command in (["migrate", "--noinput", "-v0"], ["load_survey_template"],
                        ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([cli, *command], env=env, check=True, cwd=ROOT,
                           capture_output=True)
        port = free_port()
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "bildungsportal.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads",
             str(THREADS), "--backlog", "2048", "--timeout", "120"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(port)
        load_before = loadavg()
        result = load(port, rate, seconds, clients)
        result["load_before"] = load_before
        result["load_after"] = loadavg()
        stored = server._run(
            server.bin_dir / "psql", "-h", server.dir, "-U", SUPERUSER, "-d", "postgres",
            "-At", "-c", "SELECT count(*) FROM surveys_response WHERE submitted_on IS NOT NULL",
        ).stdout.strip()
        result["stored"] = int(stored)
        result["all_stored"] = result["stored"] == result["ok"]
        result["gunicorn"] = f"--workers {WORKERS} --threads {THREADS}"
        result["clients"] = clients
        return result
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        server.stop()


if __name__ == "__main__":
    print(json.dumps(section(), indent=2))


def render(r, stamp):
    """The section of docs/benchmarks.md."""
    errors = ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "none"
    # Met: every submission offered was completed and stored, and the server kept pace (the
    # last one finished within 5 % of the run's length after the last was offered).
    kept_pace = r["elapsed"] <= r["seconds"] * 1.05
    met = r["all_stored"] and not r["errors"] and r["ok"] == r["started"] and kept_pace
    return [
        "## Survey submissions through gunicorn on PostgreSQL (target: 200 submissions/s for "
        "60 s, every one stored)",
        "",
        f"{stamp}, `BENCH_SECTIONS=surveys make bench` (bench/survey_submit.py). gunicorn "
        f"(`{r['gunicorn']}`, DEBUG off) on a throwaway PostgreSQL (tests/pg.py, fsync off) "
        "with the template survey; an open-loop generator starts one complete respondent "
        f"every 1/{r['target_rate']:g} s for {r['seconds']:g} s ({r['clients']} client threads, "
        "each submission from its own source address 127.a.b.c so the per-/24 rate limit "
        f"stays on), mode **{r.get('mode', 'multi-page')}**: "
        + (
            "each client thread loads the one-page form /umfrage/bildungsumfrage/alle/ once "
            "(CSRF cookie and token), then every submission is one POST with all answers, a "
            "fresh random submission key and the soft-required hint confirmed"
            if r.get("mode") == "one-page"
            else "start page, start, every page with answers, thank-you page, each respondent "
            "with its own cookies"
        )
        + f" ({r['requests'] / max(1, r['started']):.2f} requests per submission on average). "
        "Load generator, server and database share the same 2 cores.",
        "",
        "| started | completed | stored in the database | errors | achieved submissions/s "
        "| p50 / p95 / max per respondent | load avg before → after |",
        "|---:|---:|---:|---|---:|---|---|",
        f"| {r['started']:,} | {r['ok']:,} | {r['stored']:,} "
        f"({'all' if r['all_stored'] else 'MISMATCH'}) | {errors} | {r['achieved_rate']} | "
        f"{r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} ms | {r['load_before']} → "
        f"{r['load_after']} |",
        "",
        f"This run: {r['target_rate']:g}/s for {r['seconds']:g} s, "
        f"{'**met**' if met else '**missed**'} (every submission offered completed and stored, "
        f"the last done {r['elapsed']:g} s after the start); every "
        f"completed submission stored: {'**yes**' if r['all_stored'] else '**no**'}. "
        "p95 and max come from the first seconds, while each of the client threads first loads "
        "the form (a whole-survey page, ≈ 17 ms of server time each) and the queue builds up.",
    ]
