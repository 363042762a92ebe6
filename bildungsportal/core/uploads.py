"""Uploads waiting for their uploader's confirmation (preview first, import on confirm).

Each pending upload is a folder named by a random token under
``settings.IMPORT_UPLOAD_DIR / <area>``: the uploaded files and ``meta.json`` (who uploaded,
when, and what the area needs to know). Only the same user gets it back, for a day; older
folders are removed on the next upload of that area. Nothing here knows about catalog or
surveys: an area subclasses ``PendingUpload`` with its own ``area`` name and checks.
"""

import json
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.http import Http404

MAX_AGE_SECONDS = 24 * 60 * 60
TOKEN_BYTES = 24


class PendingUpload:
    area = ""  # the subfolder of this kind of upload, e.g. "catalog"

    def __init__(self, token):
        self.token = token
        self.path = self.root() / token
        self.meta = {}

    @classmethod
    def root(cls):
        base = Path(getattr(settings, "IMPORT_UPLOAD_DIR", settings.VAR_DIR / "uploads"))
        return base / cls.area

    @classmethod
    def store(cls, user, files, **meta):
        """A new pending upload with ``files`` ({name: UploadedFile or None}) and ``meta``."""
        pending = cls(secrets.token_urlsafe(TOKEN_BYTES))
        pending.path.mkdir(parents=True, mode=0o700)
        names = {}
        for name, upload in files.items():
            if upload is None:
                continue
            with open(pending.path / name, "wb") as file:
                for chunk in upload.chunks():
                    file.write(chunk)
            names[name] = Path(upload.name or "").name[:200]
        pending.meta = {**meta, "user": user.pk, "names": names, "created": time.time()}
        (pending.path / "meta.json").write_text(json.dumps(pending.meta), encoding="utf-8")
        return pending

    @classmethod
    def load(cls, request, token):
        """This user's pending upload under ``token``, younger than a day; else 404."""
        if len(token) > 64 or not token.replace("-", "").replace("_", "").isalnum():
            raise Http404
        pending = cls(token)
        try:
            meta = json.loads((pending.path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise Http404 from None
        if (meta.get("user") != request.user.pk
                or time.time() - meta.get("created", 0) > MAX_AGE_SECONDS):
            raise Http404
        pending.meta = meta
        return pending

    def read(self, name):
        """The bytes of an uploaded file, None when it was not uploaded."""
        path = self.path / name
        return path.read_bytes() if path.is_file() else None

    def delete(self):
        shutil.rmtree(self.path, ignore_errors=True)

    @classmethod
    def purge_expired(cls, now=None):
        """Remove this area's pending uploads older than a day."""
        now = now or time.time()
        base = cls.root()
        if not base.is_dir():
            return
        for entry in base.iterdir():
            try:
                if entry.is_dir() and now - entry.stat().st_mtime > MAX_AGE_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                continue
