"""Sign-up, confirmation and unsubscribe pages of the search alerts (docs/alerts.md)."""

from urllib.parse import urlencode

from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import searches, services, tokens
from .forms import SignupForm
from .models import Subscription


def _back(query):
    params = searches.parse_query(query or "")
    return searches.search_url(params), params


# No CSRF token: the sign-up acts for nobody logged in (the address must still confirm), and
# without it the search page, which carries this form, sets no cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request):
    """POST from the box on the search page; GET shows the form alone (?suche=…)."""
    if request.method == "GET":
        query = searches.canonical(searches.parse_query(request.GET.get("suche", "")))
        form = SignupForm(initial={"query": query})
        return _signup_page(request, form, query)
    form = SignupForm(request.POST)
    if not form.is_valid():
        return _signup_page(request, form, request.POST.get("query", "")[:2000], status=400)
    query = searches.canonical(searches.parse_query(form.cleaned_data["query"]))
    if not form.is_bot:  # a bot sees the same page as a person, but no mail goes out
        sent = services.request_subscription(
            form.cleaned_data["email"], query, form.cleaned_data["frequency"], get_language(),
            request.build_absolute_uri,
        )
        if not sent:
            form.add_error(None, _(
                "An diese Adresse haben wir in der letzten Stunde schon mehrere Bestätigungen "
                "geschickt. Bitte sehen Sie in Ihrem Postfach nach (auch im Spam-Ordner) oder "
                "versuchen Sie es später noch einmal."
            ))
            return _signup_page(request, form, query, status=429)
    return redirect(reverse("alerts:sent") + "?" + urlencode({"suche": query}))


def _signup_page(request, form, query, status=200):
    back_url, params = _back(query)
    return render(request, "alerts/signup.html", {
        "form": form, "back_url": back_url, "search_name": searches.name(params),
        "nav": "angebote",
    }, status=status)


def sent(request):
    back_url, params = _back(request.GET.get("suche", ""))
    return render(request, "alerts/sent.html", {
        "back_url": back_url, "search_name": searches.name(params), "nav": "angebote",
        "hours": tokens.max_age_seconds() // 3600,
    })


def _invalid(request, status, message):
    return render(request, "alerts/invalid.html", {"message": message, "nav": "angebote"},
                  status=status)


@csrf_exempt  # the signed token is the proof; a cookie would only make it fail without one
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET asks (link scanners only look), POST creates the subscription."""
    try:
        data = tokens.read(token)
    except signing.SignatureExpired:
        return _invalid(request, 410, _(
            "Dieser Bestätigungslink ist abgelaufen: er gilt %(hours)s Stunden. Es wurde "
            "nichts gespeichert. Bitte abonnieren Sie die Suche noch einmal."
        ) % {"hours": tokens.max_age_seconds() // 3600})
    except signing.BadSignature:
        return _invalid(request, 400, _(
            "Dieser Bestätigungslink ist ungültig. Vielleicht wurde er beim Kopieren "
            "abgeschnitten? Es wurde nichts gespeichert."
        ))
    back_url, params = _back(data["q"])
    context = {"search_name": searches.name(params), "back_url": back_url,
               "frequency": data["f"], "nav": "angebote"}
    if request.method == "GET":
        return render(request, "alerts/confirm.html", context)
    try:
        subscription, _new = services.confirm(data)
    except services.LimitReached:
        return render(request, "alerts/confirm.html", {
            **context, "limit": services.max_per_address(),
        }, status=409)
    return render(request, "alerts/confirm.html", {
        **context, "confirmed": True, "feed_url": searches.feed_url(params),
        "unsubscribe_url": reverse("alerts:unsubscribe", kwargs={"token": subscription.token}),
    })


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the token is the secret
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (link scanners must not unsubscribe), POST deletes the row."""
    subscription = Subscription.objects.filter(token=token[:64]).first()
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription.token)
        # The same answer when it was gone already: a repeated click is no error.
        return render(request, "alerts/unsubscribe.html", {"done": True, "nav": "angebote"})
    if subscription is None:
        return _invalid(request, 404, _(
            "Zu diesem Abmeldelink gibt es kein Suchabo (mehr). Vielleicht haben Sie sich "
            "schon abgemeldet – dann bekommen Sie keine E-Mails mehr von uns."
        ))
    params = searches.parse_query(subscription.query)
    return render(request, "alerts/unsubscribe.html", {
        "search_name": searches.name(params), "nav": "angebote",
    })
