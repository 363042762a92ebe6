"""Throughput section of `make bench`: searches per second through the production server.

gunicorn (bildungsportal.wsgi, DEBUG off, HTTPS=0, bound to 127.0.0.1 on a free port) serves
the 100,000-offering SQLite bench catalog; wrk (Debian: `apt-get install wrk`) loads it from a
second process over loopback with a Lua script that rotates over the query mix of
GET /api/v1/offerings. Without wrk a small Python load generator (threads, http.client
keep-alive connections) does the same. Bounded: a warm-up, then a fixed duration and a fixed
number of connections.

Environment: BENCH_THROUGHPUT_SECONDS (20), BENCH_THROUGHPUT_CONNECTIONS (8),
BENCH_GUNICORN (a ;-separated list of gunicorn option sets to try, default
"--workers 2").
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# A load generator is one client: the API's rate limit per network would stop it.
os.environ.setdefault("API_RATE_LIMIT", "off")

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_THROUGHPUT_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_THROUGHPUT_CONNECTIONS", "8"))
DEFAULT_CONFIGS = "--workers 2"  # threads and a third worker measured slower (benchmarks-notes)
CONFIGS = [c.strip() for c in os.environ.get("BENCH_GUNICORN", DEFAULT_CONFIGS).split(";")
           if c.strip()]
WARMUP_SECONDS = 6

LUA = """
local paths = %(paths)s
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"max": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/api/v1/offerings?q=kurs")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer")


def run_wrk(port, paths, seconds, connections, script):
    result = subprocess.run(
        ["wrk", "-t", "1" if connections < 4 else "2", "-c", str(connections),
         "-d", f"{seconds}s", "--timeout", "10s", "-s", script, f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line[len("RESULT "):])
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "tool": "wrk",
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000,
        "max": data["max"] / 1000,
        "errors": errors,
        "error_detail": {k: data[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def run_python(port, paths, seconds, connections):
    """Threads with keep-alive http.client connections; each rotates over the paths."""
    from timing import percentile

    latencies, errors = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        i = offset
        mine = []
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append((time.perf_counter() - t) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {"tool": "python http.client", "requests": len(latencies),
            "rps": len(latencies) / elapsed, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
            "max": max(latencies), "errors": errors[0], "error_detail": {}}


def measure(db_path, queries, options):
    from timing import loadavg

    port = free_port()
    log = open(ROOT / "var" / "bench" / "gunicorn.log", "a")  # noqa: SIM115 (closed below)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "DEBUG": "0", "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "bildungsportal.settings"}
    env.pop("TESTING", None)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "bildungsportal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", *options.split()],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
    )
    paths = ["/api/v1/offerings" + (f"?{q}" if q else "") for q in queries]
    script = None
    try:
        wait_for(port)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA % {"paths": "{" + ", ".join(json.dumps(p) for p in paths) + "}"})
            script = f.name
        use_wrk = shutil.which("wrk") and not os.environ.get("BENCH_NO_WRK")

        def load(seconds):
            if use_wrk:
                return run_wrk(port, paths, seconds, CONNECTIONS, script)
            return run_python(port, paths, seconds, CONNECTIONS)

        load(WARMUP_SECONDS)  # every worker builds its in-memory index
        load_before = loadavg()
        result = load(SECONDS)
        result["load"] = (load_before, loadavg())
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if script:
            os.unlink(script)
    result.update(options=options, seconds=SECONDS, connections=CONNECTIONS)
    return result


def section(db_path, queries):
    return [measure(db_path, queries, options) for options in CONFIGS]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import QUERIES

    for row in section(Path(sys.argv[1]), QUERIES):
        print(json.dumps(row))
