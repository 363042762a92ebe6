"""Who may do what: provider staff (memberships), the education office (a group), admins.

Users are Django's own `auth.User`. Roles are deliberately few:

- provider staff: a `Membership` ties a user to a provider; they edit that provider only;
- education office editors: an `OfficeMembership` ties a user to a region's office; they
  review and curate that region's catalog and run its surveys and monitoring. The group
  `OFFICE_GROUP` only carries the admin permissions for the shared vocabularies and synonyms;
- administrators: superusers.

The predicates in `rules.py` are the only place that decides; views and the API call them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import Provider
from bildungsportal.places.models import Region

OFFICE_GROUP = "Bildungsbüro"


class Membership(models.Model):
    """A user who works for a provider and may edit its data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("Konto"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("Anbieter"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Mitarbeit bei einem Anbieter")
        verbose_name_plural = _("Mitarbeit bei Anbietern")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.provider}"


class OfficeMembership(models.Model):
    """A user who works in the education office of a region (issue 15): office rights there only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_memberships",
        verbose_name=_("Konto"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="office_memberships",
        verbose_name=_("Region"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Mitarbeit im Bildungsbüro")
        verbose_name_plural = _("Mitarbeit im Bildungsbüro")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="office_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


class Invitation(models.Model):
    """An e-mailed link that lets someone create an account with a given role.

    Only a hash of the token is stored, so a database leak does not leak usable links.
    """

    class Role(models.TextChoices):
        PROVIDER_STAFF = "provider", _("Anbieter")
        OFFICE = "office", _("Bildungsbüro")

    email = models.EmailField(_("E-Mail"))
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices)
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations",
        verbose_name=_("Anbieter"),
    )
    # The office role is for one region: that of the host the invitation was sent from.
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations",
        verbose_name=_("Region"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="provider") | Q(provider__isnull=False),
                name="invitation_provider_staff_has_provider",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"


class LoginThrottle(models.Model):
    """Failed log-ins per account name, for the lockout. No IP address is stored."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldesperre")
        verbose_name_plural = _("Anmeldesperren")

    def __str__(self):
        return f"{self.username}: {self.failures}"


class MailThrottle(models.Model):
    """One mail (password reset or invitation) sent to an address, for the per-address limit.

    The address is stored only as a keyed hash (HMAC with SECRET_KEY), so the table neither
    shows whom the site mailed nor lets anyone check a guessed address without the key.
    No IP address is stored.
    """

    class Kind(models.TextChoices):
        PASSWORD_RESET = "reset", _("Passwort zurücksetzen")
        INVITATION = "invite", _("Einladung")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    email_hash = models.CharField(_("Adresse (HMAC)"), max_length=64)
    sent_at = models.DateTimeField(_("gesendet am"), db_index=True)

    class Meta:
        verbose_name = _("Mail-Begrenzung")
        verbose_name_plural = _("Mail-Begrenzungen")
        indexes = [
            models.Index(fields=["kind", "email_hash", "sent_at"], name="mailthrottle_lookup"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email_hash[:12]}… {self.sent_at:%Y-%m-%d %H:%M}"
