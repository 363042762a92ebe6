"""Account pages under /konto/: log-in, log-out, passwords, invitations, the overview."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bildungsportal.catalog.models import Provider

from . import invitations, mail_limit, rules, throttle
from .decorators import require
from .forms import AcceptInvitationForm, InvitationForm, LoginForm
from .models import Invitation, MailThrottle


def backoffice_url():
    """The provider area's URL, or None while that area does not exist yet."""
    try:
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return None


def home_url_for(user):
    """Where a user lands after logging in: the provider area when they may use it."""
    url = backoffice_url()
    if url and rules.can_use_backoffice(user):
        return url
    return reverse("accounts:overview")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if self.next_page:
            return resolve_url(self.next_page)
        return home_url_for(self.request.user)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {
        "site_name": settings.SITE_NAME,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }

    def form_valid(self, form):
        # Over the per-address limit nothing is mailed, but the answer is the very same
        # redirect, so the page tells nobody whether the address exists or was limited.
        if mail_limit.allow(MailThrottle.Kind.PASSWORD_RESET, form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever proved access to the mailbox may log in again at once.
        throttle.reset(form.user.get_username())
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


@require(rules.is_signed_in)
def overview(request):
    user = request.user
    providers = Provider.objects.filter(pk__in=rules.provider_ids(user)).order_by("name")
    return render(request, "accounts/overview.html", {
        "providers": providers,
        "is_office": rules.is_office(user) and not user.is_superuser,
        "is_admin": rules.is_admin(user),
        "provider_area_url": backoffice_url() if rules.can_use_backoffice(user) else None,
        "may_invite": rules.can_use_backoffice(user),
    })


def _send_invitation(request, form):
    """Mail the form's invitation; None (with the reason on the form) when it was not sent."""
    data = form.cleaned_data
    counted = mail_limit.allow(MailThrottle.Kind.INVITATION, data["email"])
    if counted is None:
        # The inviter is logged in, so saying why is no account enumeration.
        form.add_error("email", _(
            "An diese Adresse wurden in der letzten Stunde schon zu viele Einladungen "
            "geschickt. Bitte versuchen Sie es später erneut."
        ))
        return None
    try:
        invitation, _link = invitations.invite(
            data["email"], data["role"], request.build_absolute_uri,
            provider=data["provider"], invited_by=request.user,
        )
    except OSError:
        counted.delete()  # nothing was mailed, so it does not count
        # SMTP down or var/mail/ not writable: nothing was stored.
        form.add_error(None, _(
            "Die E-Mail konnte nicht versendet werden. Es wurde keine Einladung angelegt. "
            "Bitte versuchen Sie es später erneut."
        ))
        return None
    return invitation


@require(rules.can_use_backoffice)
@require_http_methods(["GET", "POST"])
def invite(request):
    user = request.user
    form = InvitationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        invitation = _send_invitation(request, form)
        if invitation is not None:
            messages.success(request, _("Die Einladung an %(email)s ist versendet.") % {
                "email": invitation.email,
            })
            return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {
        "form": form, "is_office": rules.is_office(user),
    })


def _invitation_problem(request, invitation):
    """The page for an unknown (404), used or expired (410) invitation link."""
    if invitation is None:
        status, reason = 404, "unknown"
    elif invitation.accepted_at is not None:
        status, reason = 410, "used"
    else:
        status, reason = 410, "expired"
    return render(
        request, "accounts/invitation_invalid.html", {"reason": reason}, status=status
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = invitations.find(token)
    if invitation is None or not invitations.is_usable(invitation):
        return _invitation_problem(request, invitation)
    user = request.user
    form = None
    if not user.is_authenticated:
        form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and (form is None or form.is_valid()):
        with transaction.atomic():
            locked = invitations.lock_usable(invitation.pk)
            if locked is None:  # accepted in another tab a moment ago
                return _invitation_problem(request, Invitation.objects.filter(
                    pk=invitation.pk).first())
            if form is not None:
                user = form.save()
            invitations.grant(locked, user)
        if form is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Willkommen! Die Einladung ist angenommen."))
        return redirect(home_url_for(user))
    return render(request, "accounts/accept_invitation.html", {
        "invitation": invitation, "form": form,
    })
