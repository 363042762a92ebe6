"""The LimeSurvey import as a screen for the office: upload, preview, import (or discard).

Like the catalog's uploads (backoffice/upload_views.py): the files wait server-side under
``var/uploads/limesurvey/<random token>/`` with who uploaded them; another user's token (or
one older than a day) gives 404. Nothing is written before "Importieren"; the import itself is
``import_limesurvey`` (all or nothing).
"""

import json
import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bildungsportal.accounts import rules
from bildungsportal.accounts.decorators import require

from .limesurvey import LimeSurveyError, import_limesurvey, parse_responses, parse_structure
from .models import Question

MAX_AGE_SECONDS = 24 * 3600
PREVIEW_QUESTIONS = 200


def upload_dir():
    base = Path(getattr(settings, "IMPORT_UPLOAD_DIR", settings.VAR_DIR / "uploads"))
    return base / "limesurvey"


class LimeSurveyForm(forms.Form):
    structure = forms.FileField(
        label=gettext_lazy("Umfragestruktur (.lss)"),
        help_text=gettext_lazy("In LimeSurvey: Umfrage → Export → Umfragestruktur (.lss)."),
    )
    responses = forms.FileField(
        label=gettext_lazy("Antworten (CSV, freiwillig)"), required=False,
        help_text=gettext_lazy("In LimeSurvey: Antworten → Exportieren, mit Fragecodes als "
                               "Überschriften und Antwortcodes."),
    )
    slug = forms.SlugField(
        label=gettext_lazy("Kurzname (Adresse /umfrage/…/)"), max_length=80, required=False,
        help_text=gettext_lazy("Leer lassen: aus dem Titel gebildet."),
    )
    bands = forms.CharField(
        label=gettext_lazy("Merkmale für Kreuztabellen (Fragecodes, durch Komma getrennt)"),
        max_length=500, required=False,
    )

    def clean(self):
        data = super().clean()
        for name in ("structure", "responses"):
            upload = data.get(name)
            if upload is not None and upload.size > settings.IMPORT_MAX_BYTES:
                self.add_error(name, _("Die Datei ist zu groß (höchstens %(max)d MB).") % {
                    "max": settings.IMPORT_MAX_BYTES // 1_048_576})
        return data


def _bands(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Pending:
    """The uploaded files on disk plus meta.json (user, slug, bands, file names, time)."""

    def __init__(self, token):
        self.token, self.path = token, upload_dir() / token

    @classmethod
    def create(cls, user, data):
        pending = cls(secrets.token_urlsafe(24))
        pending.path.mkdir(parents=True, mode=0o700)
        names = {}
        for name in ("structure", "responses"):
            upload = data.get(name)
            if upload is not None:
                with open(pending.path / name, "wb") as file:
                    for chunk in upload.chunks():
                        file.write(chunk)
                names[name] = Path(upload.name or "").name[:200]
        meta = {"user": user.pk, "slug": data.get("slug") or "", "bands": _bands(data["bands"]),
                "names": names, "created": time.time()}
        (pending.path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        return pending

    @classmethod
    def load(cls, request, token):
        if len(token) > 64 or not token.replace("-", "").replace("_", "").isalnum():
            raise Http404
        pending = cls(token)
        try:
            meta = json.loads((pending.path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise Http404 from None
        if meta.get("user") != request.user.pk or time.time() - meta["created"] > MAX_AGE_SECONDS:
            raise Http404
        pending.meta = meta
        return pending

    def read(self, name):
        path = self.path / name
        return path.read_bytes() if path.exists() else None

    def delete(self):
        shutil.rmtree(self.path, ignore_errors=True)


def purge_expired():
    base = upload_dir()
    if not base.is_dir():
        return
    for entry in base.iterdir():
        if entry.is_dir() and time.time() - entry.stat().st_mtime > MAX_AGE_SECONDS:
            shutil.rmtree(entry, ignore_errors=True)


def _preview(pending):
    """What an import would create, or the file's problems."""
    try:
        structure = parse_structure(pending.read("structure"))
        responses = pending.read("responses")
        parsed = parse_responses(responses, structure) if responses else []
    except LimeSurveyError as error:
        return {"problems": error.messages}
    base = structure.languages[0]
    kinds = dict(Question.Kind.choices)
    pages = []
    for gid, names, _order in structure.groups:
        questions = [
            {"code": spec.code, "kind": kinds.get(spec.kind, spec.kind),
             "text": spec.text.get(base, ""), "options": len(spec.choices) + len(spec.subquestions)}
            for spec in structure.questions if spec.group == gid
        ]
        pages.append({"title": names.get(base, ""), "questions": questions[:PREVIEW_QUESTIONS]})
    return {
        "title": structure.title.get(base, ""), "languages": structure.languages,
        "pages": pages, "skipped": structure.skipped,
        "complete": sum(1 for item in parsed if item.submitted_on),
        "unfinished": sum(1 for item in parsed if not item.submitted_on),
        "question_count": len(structure.questions),
    }


@require(rules.is_office)
def upload(request):
    purge_expired()
    form = LimeSurveyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = Pending.create(request.user, form.cleaned_data)
        return redirect("surveys:builder_limesurvey_preview", token=pending.token)
    return render(request, "surveys/builder/limesurvey_upload.html", {"form": form})


@require(rules.is_office)
@require_http_methods(["GET", "POST"])
def preview(request, token):
    pending = Pending.load(request, token)
    if request.method == "POST" and "discard" in request.POST:
        pending.delete()
        messages.info(request, _("Die hochgeladenen Dateien wurden verworfen."))
        return redirect("surveys:builder_limesurvey")
    problems = []
    if request.method == "POST":
        try:
            survey, count = import_limesurvey(
                pending.read("structure"), pending.read("responses"),
                slug=pending.meta["slug"] or None, bands=pending.meta["bands"],
            )
        except LimeSurveyError as error:
            problems = error.messages
        else:
            pending.delete()
            messages.success(request, _("Umfrage „%(title)s“ mit %(count)d Antworten "
                                        "importiert.") % {"title": survey, "count": count})
            return redirect("surveys:builder_survey", slug=survey.slug)
    context = {"token": token, "meta": pending.meta, **_preview(pending)}
    context["problems"] = problems + context.get("problems", [])
    return render(request, "surveys/builder/limesurvey_preview.html", context)
