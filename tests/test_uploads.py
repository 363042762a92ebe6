"""core.uploads: pending uploads belong to one user, one area and one day."""

import os
import time

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory

from bildungsportal.core.uploads import MAX_AGE_SECONDS, PendingUpload

pytestmark = pytest.mark.django_db


class Catalog(PendingUpload):
    area = "catalog"


class Survey(PendingUpload):
    area = "limesurvey"


@pytest.fixture
def users(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    return User.objects.create(username="a"), User.objects.create(username="b")


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_only_the_uploader_gets_it_back_within_a_day(users):
    owner, other = users
    pending = Catalog.store(owner, {"data": SimpleUploadedFile("../../kurse.csv", b"a;b")},
                            format="csv")
    again = Catalog.load(request_of(owner), pending.token)
    assert again.read("data") == b"a;b" and again.read("missing") is None
    assert again.meta["format"] == "csv" and again.meta["names"] == {"data": "kurse.csv"}
    with pytest.raises(Http404):
        Catalog.load(request_of(other), pending.token)
    for token in ("../etc", "x" * 65, "a/b", ""):
        with pytest.raises(Http404):
            Catalog.load(request_of(owner), token)
    # Another area never sees it.
    with pytest.raises(Http404):
        Survey.load(request_of(owner), pending.token)


def test_expired_uploads_are_refused_and_purged_per_area(users):
    owner, _ = users
    old = Catalog.store(owner, {"data": SimpleUploadedFile("a.csv", b"1")})
    fresh = Catalog.store(owner, {"data": SimpleUploadedFile("b.csv", b"2")})
    survey = Survey.store(owner, {"structure": SimpleUploadedFile("s.lss", b"<x/>")})
    past = time.time() - MAX_AGE_SECONDS - 60
    os.utime(old.path, (past, past))
    os.utime(survey.path, (past, past))
    Catalog.purge_expired()
    assert not old.path.exists() and fresh.path.exists()
    assert survey.path.exists()  # another area's folder is not the catalog's to purge
    meta = survey.path / "meta.json"
    meta.write_text(meta.read_text().replace('"created": ', '"created": 1, "x": '))
    with pytest.raises(Http404):
        Survey.load(request_of(owner), survey.token)
