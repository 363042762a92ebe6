"""Provider self-service: "Meine Angebote", offering form with runs, preview, status, profile.

Every view asks a predicate of accounts/rules.py. Someone else's offering or provider id gives
404, so an id reveals nothing. Status changes are POST only (CSRF-protected) and go through
backoffice/services.py. Every write goes through the catalog's write path
(catalog/services.py), which announces it once; the history and the search index listen.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch, Q
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bildungsportal.accounts import rules
from bildungsportal.accounts.decorators import require
from bildungsportal.catalog import services as catalog_services
from bildungsportal.catalog.formatting import (
    SOURCE_LABELS,
    attach_run_info,
    describe_run,
)
from bildungsportal.catalog.models import LifePhase, Offering, Provider, Run, Topic
from bildungsportal.core.formatting import euro
from bildungsportal.core.pagination import old_page_parameter, page_of

from . import services
from .access import allowed_providers, visible_offerings
from .completeness import completeness
from .forms import OfferingForm, ProviderProfileForm, run_formset_class

PER_PAGE = 20
RUN_PREFIX = "termine"
MAX_RUN_FORMS = 50


def offering_or_404(request, pk):
    offering = get_object_or_404(Offering.objects.select_related("provider"), pk=pk)
    if not rules.can_edit_offering(request.user, offering):
        raise Http404
    return offering


def provider_or_404(request, pk):
    provider = get_object_or_404(Provider, pk=pk)
    if not rules.can_edit_provider(request.user, provider):
        raise Http404
    return provider


# -- "Meine Angebote" --------------------------------------------------------------------
@dataclass
class Row:
    offering: Offering
    completeness: object
    next_run: str
    stale: bool


def next_run_text(runs, today):
    upcoming = [r for r in runs if r.start_date and (r.end_date or r.start_date) >= today]
    if upcoming:
        return describe_run(min(upcoming, key=lambda r: (r.start_date, r.pk)), today).dates
    if any(r.recurrence == Run.Recurrence.STANDING for r in runs):
        return _("laufend")
    return ""


@require(rules.can_use_backoffice)
@old_page_parameter
def home(request):
    """The offerings of the user's provider(s), with status, completeness and freshness."""
    user = request.user
    providers = allowed_providers(user)
    provider_count = providers.count()
    selected = None
    raw = request.GET.get("anbieter", "")
    if raw.isdecimal() and len(raw) < 12:
        selected = providers.filter(pk=int(raw)).first()
        if selected is None:
            raise Http404
    elif provider_count == 1 and not rules.is_office(user):
        selected = providers.get()
    offerings = Offering.objects.filter(provider=selected) if selected else (
        visible_offerings(user) if rules.is_office(user)
        else Offering.objects.filter(provider__in=providers)
    )
    status = request.GET.get("status", "")
    if status in Offering.Status.values:
        offerings = offerings.filter(status=status)
    else:
        status = ""
    offerings, filters = filter_offerings(offerings, request.GET)
    offerings = (
        offerings.select_related("provider", "format")
        .prefetch_related(Prefetch("runs", queryset=Run.objects.select_related(
            "venue__municipality").order_by("start_date", "pk")),
                          "topics")
        .order_by("-updated_at", "-pk")
    )
    page = page_of(request, offerings, PER_PAGE)
    today = date.today()
    stale_before = timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)
    rows = [
        Row(o, completeness(o, today), next_run_text(list(o.runs.all()), today),
            o.updated_at < stale_before)
        for o in page
    ]
    return render(request, "backoffice/provider/home.html", {
        "providers": providers.order_by("name") if provider_count > 1 else [],
        "provider_count": provider_count,
        "selected": selected,
        "statuses": Offering.Status.choices,
        "status": status,
        **filters,
        "page": page,
        "rows": rows,
        "area_nav": "home",
        "stale_days": settings.STALE_AFTER_DAYS,
    })


def filter_offerings(offerings, query):
    """The list narrowed by title words (?q=), life phase (?lebensphase=) and topic (?thema=,
    a first-level topic with its subtopics); unknown values are ignored."""
    words = " ".join(query.get("q", "").split())[:100]
    for word in words.split()[:10]:
        offerings = offerings.filter(title__icontains=word)
    phases = list(LifePhase.objects.order_by("position", "name"))
    phase = query.get("lebensphase", "")
    if phase in {p.slug for p in phases}:
        offerings = offerings.filter(life_phases__slug=phase)
    else:
        phase = ""
    topics = list(Topic.objects.filter(parent__isnull=True).order_by("position", "name"))
    topic = query.get("thema", "")
    if topic in {t.slug for t in topics}:
        offerings = offerings.filter(
            Q(topics__slug=topic) | Q(topics__parent__slug=topic)).distinct()
    else:
        topic = ""
    return offerings, {"q": words, "phases": phases, "phase": phase, "topics": topics,
                       "topic": topic, "filtered": bool(words or phase or topic)}


# -- offering form ------------------------------------------------------------------------
def _quiet(form_or_formset):
    """A re-rendered form without error messages (after "weiteren Termin hinzufügen")."""
    if hasattr(form_or_formset, "forms"):
        form_or_formset._errors = [ErrorDict() for _form in form_or_formset.forms]
        form_or_formset._non_form_errors = form_or_formset.error_class()
        for form in form_or_formset.forms:
            _quiet(form)
    else:
        form_or_formset._errors = ErrorDict()


def _with_one_more_run(data):
    """POST data with one more (pre-filled) empty run form, up to MAX_RUN_FORMS."""
    data = data.copy()
    key = f"{RUN_PREFIX}-TOTAL_FORMS"
    try:
        total = max(0, min(int(data.get(key, "0")), MAX_RUN_FORMS - 1))
    except ValueError:
        total = 0
    data[key] = str(total + 1)
    data[f"{RUN_PREFIX}-{total}-recurrence"] = Run.Recurrence.ONCE
    data[f"{RUN_PREFIX}-{total}-booking_status"] = Run.BookingStatus.OPEN
    return data, total


def _offering_form_page(request, provider, offering=None):
    creating = offering is None
    instance = Offering(provider=provider) if creating else offering
    form_kwargs = {"provider": provider}
    added = None
    if request.method == "POST":
        form = OfferingForm(request.POST, instance=instance)
        if "add_run" in request.POST:
            data, added = _with_one_more_run(request.POST)
            formset = run_formset_class(0)(
                data, instance=instance, prefix=RUN_PREFIX, form_kwargs=form_kwargs
            )
            _quiet(form)
            _quiet(formset)
        else:
            formset = run_formset_class(0)(
                request.POST, instance=instance, prefix=RUN_PREFIX, form_kwargs=form_kwargs
            )
            if form.is_valid() and formset.is_valid():
                saved = _save(request, form, formset, offering)
                if saved is not None:
                    return redirect("backoffice:offering-edit", pk=saved.pk)
                if creating:
                    instance.pk = None
    else:
        form = OfferingForm(instance=instance)
        formset = run_formset_class(1 if creating else 0)(
            instance=instance, prefix=RUN_PREFIX, form_kwargs=form_kwargs
        )
    return render(request, "backoffice/provider/offering_form.html", {
        "form": form,
        "formset": formset,
        "provider": provider,
        "offering": None if creating else offering,
        "added": added,
        "completeness": None if creating else completeness(offering),
        "can_publish": not creating and rules.can_publish_offering(request.user, offering),
    })


def _save(request, form, formset, existing):
    """Offering, runs and new venues in one transaction through the catalog's write path,
    which announces the change (the history records it)."""
    def write():
        offering = form.save()
        formset.instance = offering
        formset.save()
        return offering

    try:
        offering, _changed = catalog_services.save_offering(
            write, offering=existing, actor=request.user
        )
    except IntegrityError:
        # Should not happen (the forms check every constraint); never a 500 if it does.
        form.add_error(None, _(
            "Das Angebot konnte nicht gespeichert werden, weil Angaben sich widersprechen. "
            "Bitte prüfen Sie die Eingaben."
        ))
        return None
    messages.success(request, _("Das Angebot „%(title)s“ wurde gespeichert.")
                     % {"title": offering.title})
    return offering


@require(rules.can_use_backoffice)
def offering_create(request, provider_pk):
    provider = provider_or_404(request, provider_pk)
    return _offering_form_page(request, provider)


@require(rules.can_use_backoffice)
def offering_edit(request, pk):
    offering = offering_or_404(request, pk)
    return _offering_form_page(request, offering.provider, offering)


@require(rules.can_use_backoffice)
@require_POST
def offering_duplicate(request, pk):
    """A copy as a new draft, with all vocabularies and runs; then its form opens."""
    original = offering_or_404(request, pk)
    copy = catalog_services.copy_offering(
        original, title=_("Kopie von %(title)s") % {"title": original.title},
        actor=request.user, note=f"Kopie von Angebot {original.pk}",
    )
    messages.success(request, _(
        "Die Kopie wurde als Entwurf angelegt. Bitte passen Sie Titel und Termine an."
    ))
    return redirect("backoffice:offering-edit", pk=copy.pk)


# -- preview and status ---------------------------------------------------------------------
@require(rules.can_use_backoffice)
def offering_preview(request, pk):
    """The public page of an offering in any status, marked "Vorschau", not indexed."""
    offering = offering_or_404(request, pk)
    if not rules.can_view_offering(request.user, offering):
        raise Http404
    runs = attach_run_info(
        list(offering.runs.select_related("venue__municipality").order_by(
            "start_date", "start_time", "id")),
        offering,
    )
    for run in runs:
        run.info.ics_url = ""  # the calendar file exists for published offerings only
        run.price_text = euro(run.price_cents) if run.price_cents is not None else ""
    return render(request, "backoffice/provider/preview.html", {
        "offering": offering,
        "upcoming_runs": [r for r in runs if not r.info.is_past],
        "past_runs": [r for r in runs if r.info.is_past],
        "price": euro(offering.price_cents) if offering.price_cents else "",
        "price_reduced": (
            euro(offering.price_reduced_cents) if offering.price_reduced_cents else ""
        ),
        "source_label": SOURCE_LABELS.get(offering.source, offering.source),
        "completeness": completeness(offering),
        "can_publish": rules.can_publish_offering(request.user, offering),
    })


def _status_view(step, done_message):
    @require(rules.can_use_backoffice)
    @require_POST
    def view(request, pk):
        offering = offering_or_404(request, pk)
        try:
            step(offering, request.user)
        except services.TransitionError as error:
            messages.error(request, str(error))
        except PermissionDenied:
            messages.error(request, _("Dazu fehlt Ihnen die Berechtigung."))
        else:
            messages.success(request, done_message(offering) % {"title": offering.title})
        target = request.POST.get("next", "")
        if target == "preview":
            return redirect("backoffice:offering-preview", pk=offering.pk)
        if target == "home":
            return redirect(reverse("backoffice:home") + f"?anbieter={offering.provider_id}")
        return redirect("backoffice:offering-edit", pk=offering.pk)

    return view


def _published_message(offering):
    if offering.status == Offering.Status.PUBLISHED:
        return _("„%(title)s“ ist veröffentlicht.")
    return _("„%(title)s“ wurde zur Freigabe eingereicht. Das Bildungsbüro prüft es.")


offering_publish = _status_view(services.publish_or_submit, _published_message)
offering_unpublish = _status_view(
    services.unpublish, lambda o: _("„%(title)s“ ist wieder ein Entwurf und nicht mehr öffentlich.")
)
offering_archive = _status_view(
    services.archive, lambda o: _("„%(title)s“ wurde archiviert.")
)


# -- provider profile -----------------------------------------------------------------------
@require(rules.can_use_backoffice)
def provider_profile(request, pk):
    provider = provider_or_404(request, pk)
    name = provider.name  # the heading keeps the saved name while the form shows errors
    if request.method == "POST":
        form = ProviderProfileForm(request.POST, instance=provider)
        if form.is_valid():
            form.save()
            messages.success(request, _("Das Profil wurde gespeichert."))
            return redirect("backoffice:provider-profile", pk=provider.pk)
    else:
        form = ProviderProfileForm(instance=provider)
    return render(request, "backoffice/provider/profile.html", {
        "form": form, "provider": provider, "provider_name": name,
    })
