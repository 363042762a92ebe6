#!/usr/bin/env python3
"""Mirror a Bildungsportal's public catalog from outside: the dump once, then the change feed.

    python3 mirror_catalog.py https://bildung.example.org mirror.json

The first run downloads /offene-daten/dateien/katalog-stand.jsonl (every public offering as
/api/v1/offerings/{id} shows it, and the change feed's cursor at that moment), then follows
/api/v1/changes?since=<cursor> page by page; every later run only follows the feed from the
cursor it saved. The result is one JSON file {"cursor": …, "offerings": {id: offering}}, written
atomically after each page, so an interrupted run resumes where it stopped.

Python's standard library only: this script is meant to be copied into other projects.
"""

import argparse
import json
import os
import sys
import tempfile
import urllib.parse
import urllib.request

SNAPSHOT = "/offene-daten/dateien/katalog-stand.jsonl"
CHANGES = "/api/v1/changes"
PAGE = 1000


def _get(url, timeout=60):
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "mirror_catalog/1"})
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (http/https only)


def load_snapshot(base):
    """(cursor, {id: offering}) from the site's snapshot file."""
    offerings = {}
    with _get(base + SNAPSHOT) as response:
        head = json.loads(response.readline())
        for line in response:
            item = json.loads(line)
            offerings[str(item["id"])] = item["offering"]
    return head["cursor"], offerings


def follow(base, cursor, offerings, save):
    """Apply the change feed from ``cursor`` until it has no more; returns the last cursor."""
    while True:
        query = urllib.parse.urlencode({"since": cursor, "limit": PAGE})
        with _get(f"{base}{CHANGES}?{query}") as response:
            page = json.load(response)
        for change in page["changes"]:
            if change["deleted"] or change["offering"] is None:
                offerings.pop(str(change["id"]), None)
            else:
                offerings[str(change["id"])] = change["offering"]
        cursor = page["next"]
        save(cursor, offerings)
        if not page["has_more"]:
            return cursor


def _saver(path):
    def save(cursor, offerings):
        folder = os.path.dirname(os.path.abspath(path))
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False,
                                         suffix=".tmp") as handle:
            json.dump({"cursor": cursor, "offerings": offerings}, handle, ensure_ascii=False)
        os.replace(handle.name, path)
    return save


def mirror(base, path):
    """Bring the mirror file at ``path`` up to date with the site at ``base``."""
    base = base.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) address: {base}")
    save = _saver(path)
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
        cursor, offerings = state["cursor"], state["offerings"]
    except FileNotFoundError:
        cursor, offerings = load_snapshot(base)
        save(cursor, offerings)
    cursor = follow(base, cursor, offerings, save)
    return cursor, offerings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the portal's address, e.g. https://bildung.example.org")
    parser.add_argument("mirror", help="the JSON file that holds the mirror")
    args = parser.parse_args(argv)
    try:
        cursor, offerings = mirror(args.site, args.mirror)
    except (OSError, ValueError, KeyError) as error:
        print(f"mirror_catalog: {error}", file=sys.stderr)
        return 1
    print(f"{len(offerings)} offerings, cursor {cursor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
