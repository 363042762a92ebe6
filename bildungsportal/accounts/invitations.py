"""Invitations: create and mail one, look a token up, accept it.

The token exists only in the e-mailed link; the database keeps its SHA-256, so a leaked
database holds no usable link.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bildungsportal.catalog.regions import providers_at_home_in
from bildungsportal.places.regions import current_region, default_region

from .models import OFFICE_GROUP, Invitation, Membership, OfficeMembership


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def invitation_path(token):
    return reverse("accounts:accept_invitation", kwargs={"token": token})


def create_invitation(email, role, provider=None, invited_by=None, region=None):
    """A new invitation; returns (invitation, token). The token is not stored.

    An office invitation is for `region`, by default the current (the sending host's) one.
    """
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        provider=provider if role == Invitation.Role.PROVIDER_STAFF else None,
        region=(region or current_region()) if role == Invitation.Role.OFFICE else None,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return invitation, token


def send_invitation(invitation, link):
    """Mail the link (German text) to the invited address through the configured backend."""
    context = {
        "invitation": invitation,
        "link": link,
        "site_name": settings.SITE_NAME,
        "valid_days": settings.INVITATION_VALID_DAYS,
        "inviter": invitation.invited_by,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


def invite(email, role, link_for, provider=None, invited_by=None, region=None):
    """Create and mail an invitation in one transaction: no mail, no invitation.

    `link_for(path)` turns the invitation's path into the absolute link for the e-mail.
    Returns (invitation, link).
    """
    with transaction.atomic():
        invitation, token = create_invitation(email, role, provider, invited_by, region)
        link = link_for(invitation_path(token))
        send_invitation(invitation, link)
    return invitation, link


def find(token):
    """The invitation for a token (used, expired or open), or None."""
    if not token or len(token) > 200:
        return None
    invitations = Invitation.objects.select_related("provider")
    return invitations.filter(token_hash=hash_token(token)).first()


def is_usable(invitation):
    return invitation.accepted_at is None and invitation.expires_at > timezone.now()


def grant(invitation, user):
    """Give `user` the invitation's role and mark it used (call inside a transaction)."""
    if invitation.role == Invitation.Role.OFFICE:
        user.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
        OfficeMembership.objects.get_or_create(
            user=user, region=invitation.region or default_region())
        if not user.is_staff:
            user.is_staff = True  # office editors edit vocabularies and synonyms in the admin
            user.save(update_fields=["is_staff"])
    else:
        Membership.objects.get_or_create(user=user, provider=invitation.provider)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    # The predicates cache roles on the user object.
    for cached in ("_office_region_ids", "_provider_ids"):
        user.__dict__.pop(cached, None)


def lock_usable(invitation_pk):
    """Re-read the invitation under a row lock; None when it was used or expired meanwhile."""
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_pk).first()
    if invitation is None or not is_usable(invitation):
        return None
    return invitation


def open_invitations(now=None, region=None, accepted_too=False):
    """Invitations that are neither accepted nor expired, newest first.

    With `region`: only that region's (office invitations for it, staff invitations of the
    providers at home there); `accepted_too` keeps used and expired ones (for a look-up by id).
    """
    invitations = Invitation.objects.all()
    if not accepted_too:
        invitations = invitations.filter(
            accepted_at__isnull=True, expires_at__gt=now or timezone.now())
    if region is not None:
        invitations = invitations.filter(
            Q(role=Invitation.Role.OFFICE, region=region)
            | Q(provider__in=providers_at_home_in(region)))
    return invitations.select_related("provider", "invited_by").order_by("-created_at", "-pk")


class AlreadyAccepted(Exception):
    """The invitation was accepted in the meantime; an account exists, so nothing is undone."""


def revoke(invitation_pk):
    """Delete a not yet accepted invitation, so its link answers "unknown" from now on.

    Raises Invitation.DoesNotExist for an unknown id and AlreadyAccepted for a used one.
    """
    with transaction.atomic():
        # Locked, so an acceptance running at the same moment cannot slip in between.
        invitation = Invitation.objects.select_for_update().get(pk=invitation_pk)
        if invitation.accepted_at is not None:
            raise AlreadyAccepted
        invitation.delete()
    return invitation
