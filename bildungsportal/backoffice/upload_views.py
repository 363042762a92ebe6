"""Upload with preview: choose provider, format and file → dry run → preview → import.

The pending file is kept server-side under ``var/uploads/<random token>/`` together with who
uploaded it for which provider; another user's token (or an expired one) gives 404. It is
deleted after the import, when discarded, or after a day (checked on every upload request).
"""

from functools import wraps
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bildungsportal.accounts import rules
from bildungsportal.accounts.decorators import require
from bildungsportal.catalog.models import Offering, Provider, Topic
from bildungsportal.core.uploads import PendingUpload
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.models import ImportRun
from bildungsportal.ingest.pipeline import ImportOptions, run_import

from .access import allowed_providers

PREVIEW_ROWS = 200
PROBLEMS_SHOWN = 300


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Anbieter"), queryset=Provider.objects.none(),
        empty_label=None,
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"))
    file = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy("Höchstens %(mb)d MB.") % {
            "mb": settings.IMPORT_MAX_BYTES // 1_048_576
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = allowed_providers(user)
        self.fields["format"].choices = [
            (name, fmt.label or name) for name, fmt in sorted(FORMATS.items())
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist zu groß (%(size).1f MB, höchstens %(max)d MB).") % {
                    "size": upload.size / 1_048_576, "max": settings.IMPORT_MAX_BYTES // 1_048_576,
                }
            )
        return upload


def upload_view(view):
    """Provider staff or office; every request also clears out expired pending uploads."""

    @require(rules.can_use_backoffice)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        Pending.purge_expired()
        return view(request, *args, **kwargs)

    return wrapped


class Pending(PendingUpload):
    """A catalog file waiting for its preview and confirmation (provider, format, file name)."""

    area = "catalog"

    @classmethod
    def create(cls, user, provider, format_name, upload):
        return cls.store(user, {"data": upload}, provider=provider.pk, format=format_name,
                         filename=Path(upload.name or "").name[:200])

    @classmethod
    def load(cls, request, token):
        """The pending upload of this user, for a provider they may still edit; else 404."""
        pending = super().load(request, token)
        provider = Provider.objects.filter(pk=pending.meta.get("provider")).first()
        if provider is None or not rules.can_edit_provider(request.user, provider):
            raise Http404
        if pending.meta.get("format") not in FORMATS:
            raise Http404
        pending.provider = provider
        return pending

    @property
    def data(self):
        return self.read("data") or b""


@upload_view
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pending = Pending.create(request.user, form.cleaned_data["provider"],
                                 form.cleaned_data["format"], form.cleaned_data["file"])
        return redirect("backoffice:upload-preview", token=pending.token)
    return render(request, "backoffice/data/upload.html", {"form": form, "area_nav": "upload"})


def preview_rows(report):
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    rows = []
    for record in report.records[:PREVIEW_ROWS]:
        first = min(
            (run for run in record.runs if run.start_date), key=lambda run: run.start_date,
            default=None,
        )
        venue = first.venue if first else (record.runs[0].venue if record.runs else None)
        rows.append({
            "number": record.record,
            "title": record.title,
            "first_run": first.start_date if first else None,
            "online": bool(record.runs) and all(run.is_online for run in record.runs),
            "venue": ", ".join(filter(None, [venue.name, venue.town])) if venue else "",
            "topics": [topic_names.get(slug, slug) for slug in record.topics],
            "invalid": record.record in report.invalid_records,
        })
    return rows


def preview_context(pending, report):
    errors, warnings = report.errors, report.warnings
    return {
        "area_nav": "upload",
        "pending": pending,
        "provider": pending.provider,
        "format_label": FORMATS[pending.meta["format"]].label,
        "report": report,
        "rows": preview_rows(report),
        "more_rows": max(0, len(report.records) - PREVIEW_ROWS),
        "errors": errors[:PROBLEMS_SHOWN],
        "more_errors": max(0, len(errors) - PROBLEMS_SHOWN),
        "warnings": warnings[:PROBLEMS_SHOWN],
        "more_warnings": max(0, len(warnings) - PROBLEMS_SHOWN),
        "valid_count": len(report.valid_records),
        "can_import_all": report.ok and bool(report.records),
        "can_import_valid": not report.file_errors and bool(report.valid_records)
        and not report.ok,
    }


@upload_view
def preview(request, token):
    pending = Pending.load(request, token)
    report = run_import(pending.data, ImportOptions(
        pending.meta["format"], provider=pending.provider, actor=request.user,
        status=Offering.Status.PUBLISHED
        if rules.can_publish_import(request.user, pending.provider) else Offering.Status.PENDING,
        filename=pending.meta["filename"], dry_run=True,
    ))
    return render(request, "backoffice/data/upload_preview.html", preview_context(pending, report))


@upload_view
@require_POST
def confirm(request, token):
    pending = Pending.load(request, token)
    valid_only = request.POST.get("mode") == "valid"
    report = run_import(pending.data, ImportOptions(
        pending.meta["format"], provider=pending.provider, actor=request.user,
        status=Offering.Status.PUBLISHED
        if rules.can_publish_import(request.user, pending.provider) else Offering.Status.PENDING,
        filename=pending.meta["filename"], valid_only=valid_only,
        origin=ImportRun.Origin.UPLOAD,
    ))
    if not report.written:
        context = preview_context(pending, report)
        context["failed"] = True
        return render(request, "backoffice/data/upload_preview.html", context)
    pending.delete()
    return redirect("backoffice:upload-result", pk=report.import_run.pk)


@upload_view
@require_POST
def discard(request, token):
    Pending.load(request, token).delete()
    return redirect("backoffice:upload")


@upload_view
def result(request, pk):
    run = get_object_or_404(ImportRun.objects.select_related("provider"), pk=pk)
    if run.origin != ImportRun.Origin.UPLOAD or not (
        rules.can_edit_provider(request.user, run.provider)
    ):
        raise Http404
    return render(request, "backoffice/data/upload_result.html", {
        "area_nav": "upload",
        "run": run, "problems": run.problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(run.problems) - PROBLEMS_SHOWN),
    })
