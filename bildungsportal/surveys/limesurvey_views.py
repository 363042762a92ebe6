"""The LimeSurvey import as a screen for the office: upload, preview, import (or discard).

Like the catalog's uploads (backoffice/upload_views.py): the files wait server-side under
``var/uploads/limesurvey/<random token>/`` with who uploaded them; another user's token (or
one older than a day) gives 404. Nothing is written before "Importieren"; the import itself is
``import_limesurvey`` (all or nothing).
"""


from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bildungsportal.accounts import rules
from bildungsportal.accounts.decorators import require
from bildungsportal.core.uploads import PendingUpload

from .limesurvey import LimeSurveyError, import_limesurvey, parse_responses, parse_structure
from .models import Question

PREVIEW_QUESTIONS = 200


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


class Pending(PendingUpload):
    """The uploaded LimeSurvey files plus the chosen short name and bands."""

    area = "limesurvey"

    @classmethod
    def create(cls, user, data):
        return cls.store(
            user, {name: data.get(name) for name in ("structure", "responses")},
            slug=data.get("slug") or "", bands=_bands(data["bands"]),
        )


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
    Pending.purge_expired()
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
