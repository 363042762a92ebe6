"""Fail CI when the PostgreSQL or browser tests did not really run.

Reads the results files that `make test` writes (tests/conftest.py, --results-json):
var/test-results/sqlite.json and var/test-results/postgres.json, and optionally the log of
`make test`. Fails when

- a results file is missing or the pass ran on the wrong database,
- no browser test passed in the SQLite pass, or no postgres test passed in the PostgreSQL pass,
- a browser or postgres test was skipped, failed or deselected where it should have run,
- any test was skipped for a reason that mentions PostgreSQL, Chromium, Playwright or the
  browser (other than postgres tests waiting for the PostgreSQL pass in the SQLite pass).

Then prints pytest's closing line of both passes, the PostgreSQL pass last.
"""

import argparse
import json
import re
import sys
from pathlib import Path

# tests/conftest.py's POSTGRES_PASS_REASON: the one expected PostgreSQL skip.
POSTGRES_PASS_REASON = "runs in the PostgreSQL pass: make test runs it"
SUSPICIOUS = re.compile(r"postgres|chromium|chrome|playwright|browser", re.IGNORECASE)
PYTEST_CLOSING_LINE = re.compile(r"^=+ .*\b(passed|failed|skipped|error|no tests ran)\b.* =+$")


def check_pass(name, path, expected_vendor, marker_that_must_run, problems):
    if not path.exists():
        problems.append(f"{name}: {path} is missing — did `make test` run this pass?")
        return None
    results = json.loads(path.read_text())
    if results["vendor"] != expected_vendor:
        problems.append(f"{name}: ran on {results['vendor']!r}, expected {expected_vendor!r}")
    if results["exitstatus"] != 0:
        problems.append(f"{name}: pytest exited with status {results['exitstatus']}")

    ran = 0
    not_run = {}  # (outcome, reason) → node ids
    for test in results["tests"]:
        markers, outcome, reason = test["markers"], test["outcome"], test["reason"]
        expected = name == "sqlite" and "postgres" in markers and reason == POSTGRES_PASS_REASON
        if marker_that_must_run in markers and outcome == "passed":
            ran += 1
        elif marker_that_must_run in markers or (
            outcome == "skipped" and SUSPICIOUS.search(reason) and not expected
        ):
            not_run.setdefault((outcome, reason), []).append(test["nodeid"])
    for (outcome, reason), nodeids in not_run.items():
        problems.append(
            f"{name}: {len(nodeids)} test(s) {outcome}{': ' + reason if reason else ''}"
            f" (e.g. {nodeids[0]})"
        )
    if not ran:
        problems.append(f"{name}: no {marker_that_must_run}-marked test passed")
    if name == "postgres":
        leaked = [test["nodeid"] for test in results["tests"] if "browser" in test["markers"]]
        if leaked:
            problems.append(f"postgres: browser tests were not deselected: {leaked}")
    return ran, results["counts"]


def check_log(log, problems):
    """pytest -ra lists skips as `SKIPPED [n] path:line: reason`."""
    for line in log.splitlines():
        match = re.match(r"SKIPPED \[\d+\] \S+: (.*)$", line.strip())
        if match and SUSPICIOUS.search(match[1]) and match[1] != POSTGRES_PASS_REASON:
            problems.append(f"log: {line.strip()}")


def closing_lines(log):
    return [line.strip() for line in log.splitlines() if PYTEST_CLOSING_LINE.match(line.strip())]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", nargs="?", default="var/test-results", type=Path)
    parser.add_argument("--log", type=Path, help="the output of `make test`")
    args = parser.parse_args(argv)

    problems = []
    sqlite = check_pass("sqlite", args.results_dir / "sqlite.json", "sqlite", "browser", problems)
    postgres = check_pass(
        "postgres", args.results_dir / "postgres.json", "postgresql", "postgres", problems
    )
    log = args.log.read_text(errors="replace") if args.log and args.log.exists() else ""
    log = re.sub(r"\x1b\[[0-9;]*m", "", log)  # in case colours were forced
    if args.log:
        if not log:
            problems.append(f"log: {args.log} is missing or empty")
        check_log(log, problems)

    if problems:
        print("\nCI check FAILED: the PostgreSQL or browser tests did not all run.")
        for problem in dict.fromkeys(problems):
            print(f"  - {problem}")
    else:
        print(
            f"\nCI check passed: {sqlite[0]} browser test(s) ran in the SQLite pass, "
            f"{postgres[0]} postgres test(s) in the PostgreSQL pass."
        )
    lines = closing_lines(log)
    if len(lines) >= 2:
        print("pytest, SQLite pass (with browser tests):")
        print(lines[-2])
        print("pytest, PostgreSQL pass (without browser tests):")
        print(lines[-1])
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
