"""The education office's screens: overview, review queue, history with revert, freshness,
broken links, duplicates and open invitations.

Office pages ask ``rules.can_review``; the history and the freshness lists are also open to
provider staff, limited to their own offerings. Someone else's object id gives 404.
"""

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bildungsportal.accounts import invitations, rules
from bildungsportal.accounts.decorators import require
from bildungsportal.accounts.models import Invitation
from bildungsportal.catalog.models import Offering, Run
from bildungsportal.core.pagination import old_page_parameter, page_of
from bildungsportal.places.regions import current_region

from . import demand, duplicates, freshness, history, linkcheck, review
from .access import visible_offerings
from .models import DuplicatePair, OfferingChange

PER_PAGE = 50


def curated_offering(user, pk, queryset=None):
    """An offering the office of the request's region curates (shown there), else 404: another
    region's id must not reveal that it exists."""
    queryset = Offering.objects.select_related("provider") if queryset is None else queryset
    offering = queryset.filter(pk=pk).first()
    if offering is None or not rules.is_office_for_offering(user, offering):
        raise Http404(_("Dieses Angebot gibt es nicht."))
    return offering


def editable_offering(user, pk):
    offering = Offering.objects.select_related("provider").filter(pk=pk).first()
    if offering is None or not rules.can_edit_offering(user, offering):
        raise Http404(_("Dieses Angebot gibt es nicht oder Sie dürfen es nicht bearbeiten."))
    return offering


def _feeds_with_errors():
    """Feeds whose last pull failed (None while the ingest app has no Feed model)."""
    try:
        feed = apps.get_model("ingest", "Feed")
        return feed.objects.filter(last_status="error").count()
    except (LookupError, FieldError):
        return None


# -- overview --------------------------------------------------------------------------
@require(rules.can_review)
def home(request):
    context = {
        "pending": review.pending_offerings().count(),
        "stale": freshness.stale_offerings(visible_offerings(request.user)).count(),
        "broken": linkcheck.broken_links(visible_offerings(request.user)).count(),
        "duplicates": duplicates.open_pairs().count(),
        "feed_errors": _feeds_with_errors(),
        "area_nav": "office",
    }
    return render(request, "backoffice/office/home.html", context)


# -- review ----------------------------------------------------------------------------
class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("freigeben")), ("reject", gettext_lazy("zurückweisen"))]
    )
    note = forms.CharField(
        label=gettext_lazy("Anmerkung für den Anbieter"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text=gettext_lazy("Bei einer Zurückweisung nötig: Was soll der Anbieter ändern?"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Bitte schreiben Sie dem Anbieter, warum Sie das Angebot "
                                     "zurückweisen."))
        return data


def _queue(request, failed=None):
    offerings = page_of(request, review.pending_offerings(), PER_PAGE)
    for offering in offerings:
        offering.review_form = (
            failed if failed is not None and failed.offering_id == offering.pk
            else ReviewForm(auto_id=f"id_%s_{offering.pk}")
        )
    return render(
        request, "backoffice/office/review_queue.html",
        {"offerings": offerings, "area_nav": "review"},
        status=400 if failed is not None else 200,
    )


@require(rules.can_review)
@old_page_parameter
def review_queue(request):
    return _queue(request)


@require_POST
@require(rules.can_review, otherwise=Http404)
def review_decide(request, pk):
    offering = curated_offering(request.user, pk)
    form = ReviewForm(request.POST, auto_id=f"id_%s_{offering.pk}")
    form.offering_id = offering.pk
    if not form.is_valid():
        return _queue(request, failed=form)
    note = form.cleaned_data["note"].strip()
    try:
        if form.cleaned_data["decision"] == "approve":
            review.approve(offering, request.user, note)
            messages.success(request, _("„%(title)s“ ist freigegeben und veröffentlicht.")
                             % {"title": offering.title})
        else:
            review.reject(offering, request.user, note)
            messages.success(request, _("„%(title)s“ ist zurückgewiesen und wieder ein Entwurf.")
                             % {"title": offering.title})
    except review.NotPending:
        messages.warning(request, _("„%(title)s“ wartet nicht mehr auf Freigabe.")
                         % {"title": offering.title})
    return redirect("backoffice:review-queue")


@require(rules.can_review, otherwise=Http404)
def review_preview(request, pk):
    offering = curated_offering(
        request.user, pk, Offering.objects.select_related("provider", "format", "dqr_level"))
    runs = Run.objects.filter(offering=offering).select_related("venue__municipality")
    return render(
        request, "backoffice/office/preview.html",
        {"offering": offering, "runs": runs, "area_nav": "review"},
    )


# -- history ---------------------------------------------------------------------------
@require(rules.is_signed_in)
@old_page_parameter
def offering_history(request, pk):
    offering = editable_offering(request.user, pk)
    changes = page_of(request, offering.changes.select_related("user"), PER_PAGE)
    newest = offering.changes.values_list("pk", flat=True).first()
    for change in changes:
        change.rows = history.describe(change)
        change.revertible = change.pk != newest and bool(change.snapshot)
    context = {
        "offering": offering,
        "changes": changes,
        "stale": freshness.is_stale(offering),
        "broken": linkcheck.broken_links(Offering.objects.filter(pk=offering.pk)).first(),
        "area_nav": "history",
    }
    return render(request, "backoffice/history/offering_history.html", context)


@require(rules.is_signed_in)
def history_revert(request, pk):
    change = get_object_or_404(OfferingChange.objects.select_related("offering", "user"), pk=pk)
    offering = editable_offering(request.user, change.offering_id)
    if request.method == "POST":
        try:
            history.revert(change, request.user)
        except history.RevertError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Das Angebot ist auf den gewählten Stand zurückgesetzt."))
        return redirect("backoffice:offering-history", pk=offering.pk)
    current = history.snapshot(offering)
    rows = history.describe_changes({
        key: [current.get(key), value]
        for key, value in change.snapshot.items()
        if key in history.REVERT_FIELDS + list(history.RELATION_MODELS) + ["runs"]
        and current.get(key) != value
    })
    problem = None
    try:
        history.check_revertible(change.snapshot)
    except history.RevertError as error:
        problem = str(error)
    return render(
        request, "backoffice/history/revert_confirm.html",
        {"offering": offering, "change": change, "rows": rows, "problem": problem,
         "area_nav": "history"},
    )


# -- freshness -------------------------------------------------------------------------
@require(rules.can_use_backoffice)
@old_page_parameter
def stale_list(request):
    stale = freshness.stale_offerings(visible_offerings(request.user))
    offerings = page_of(request, stale, PER_PAGE)
    return render(
        request, "backoffice/office/stale.html",
        {"offerings": offerings, "days": settings.STALE_AFTER_DAYS,
         "area_nav": "stale"},
    )


@require(rules.can_use_backoffice)
@old_page_parameter
def broken_links(request):
    broken = linkcheck.broken_links(visible_offerings(request.user))
    offerings = page_of(request, broken, PER_PAGE)
    return render(
        request, "backoffice/office/broken_links.html",
        {"offerings": offerings, "area_nav": "links"},
    )


# -- duplicates ------------------------------------------------------------------------
@require(rules.can_review)
@old_page_parameter
def duplicate_list(request):
    pairs = page_of(request, duplicates.open_pairs(), PER_PAGE)
    first_runs = {}
    ids = {o.pk for pair in pairs for o in (pair.first, pair.second)}
    for run in (Run.objects.filter(offering_id__in=ids).select_related("venue__municipality")
                .order_by("start_date", "id")):
        first_runs.setdefault(run.offering_id, []).append(run)
    for pair in pairs:
        pair.first.run_list = first_runs.get(pair.first_id, [])[:3]
        pair.second.run_list = first_runs.get(pair.second_id, [])[:3]
    return render(
        request, "backoffice/office/duplicates.html",
        {"pairs": pairs, "threshold": duplicates.TITLE_THRESHOLD, "area_nav": "duplicates"},
    )


@require_POST
@require(rules.can_review, otherwise=Http404)
def duplicate_decide(request, pk):
    pair = get_object_or_404(DuplicatePair.objects.select_related("first", "second"), pk=pk)
    for offering in (pair.first, pair.second):  # both must be the region's to merge them
        if not rules.is_office_for_offering(request.user, offering):
            raise Http404
    decision = request.POST.get("decision", "")
    try:
        if decision == "keep_first":
            duplicates.merge(pair, pair.first, request.user)
        elif decision == "keep_second":
            duplicates.merge(pair, pair.second, request.user)
        elif decision == "apart":
            duplicates.keep_apart(pair, request.user)
        else:
            messages.error(request, _("Bitte wählen Sie eine Entscheidung."))
            return redirect("backoffice:duplicates")
    except duplicates.AlreadyDecided:
        messages.warning(request, _("Über dieses Paar wurde bereits entschieden."))
        return redirect("backoffice:duplicates")
    if decision == "apart":
        messages.success(request, _("Die beiden Angebote bleiben getrennt und werden nicht "
                                    "wieder vorgeschlagen."))
    else:
        messages.success(request, _("Die Angebote sind zusammengeführt; die Dublette ist "
                                    "archiviert."))
    return redirect("backoffice:duplicates")


# -- invitations -----------------------------------------------------------------------
@require(rules.can_review)
@old_page_parameter
def invitation_list(request):
    return render(
        request, "backoffice/office/invitations.html",
        {"invitations": page_of(request, invitations.open_invitations(
            region=current_region()), PER_PAGE),
         "area_nav": "invitations"},
    )


@require(rules.can_review)
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk):
    """GET asks for confirmation (no JavaScript needed), POST deletes the invitation."""
    invitation = get_object_or_404(
        invitations.open_invitations(region=current_region(), accepted_too=True), pk=pk)
    accepted = _("Die Einladung an %(email)s wurde inzwischen angenommen und kann nicht mehr "
                 "zurückgezogen werden.") % {"email": invitation.email}
    if invitation.accepted_at is not None:  # nothing to confirm any more
        messages.warning(request, accepted)
        return redirect("backoffice:invitations")
    if request.method == "POST":
        try:
            invitations.revoke(invitation.pk)
        except Invitation.DoesNotExist:  # withdrawn in another tab a moment ago
            messages.warning(request, _("Diese Einladung war bereits zurückgezogen."))
        except invitations.AlreadyAccepted:  # accepted between loading and the POST
            messages.warning(request, accepted)
        else:
            messages.success(request, _("Die Einladung an %(email)s ist zurückgezogen; ihr "
                                        "Link gilt nicht mehr.") % {"email": invitation.email})
        return redirect("backoffice:invitations")
    return render(
        request, "backoffice/office/invitation_revoke.html",
        {"invitation": invitation, "area_nav": "invitations"},
    )


# -- searches that found nothing ---------------------------------------------------------
@require(rules.is_office)
@old_page_parameter
def search_demand(request):
    kind = request.GET.get("art", "alle")
    if kind not in demand.KINDS:
        kind = "alle"
    page = page_of(request, demand.rows(kind), PER_PAGE)
    for row in page:
        row.wish = demand.is_wish(row)
        row.filter_texts = demand.filter_texts(row)
    return render(request, "backoffice/office/search_demand.html", {
        "page": page, "kind": kind, "days": demand.per_day(), "day_count": demand.DAYS,
        "kinds": [("alle", _("alle")), ("ohne-treffer", _("ohne Treffer")),
                  ("wenige", _("wenige Treffer")), ("wuensche", _("Wünsche"))],
        "area_nav": "demand",
    })
