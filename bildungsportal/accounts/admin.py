from django.contrib import admin

from .forms import AdminLoginForm
from .models import Invitation, LoginThrottle, MailThrottle, Membership, OfficeMembership

# The admin's own log-in page counts failures and honours the lockout too.
admin.site.login_form = AdminLoginForm


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "created_at"]
    list_select_related = ["user", "provider"]
    search_fields = ["user__username", "user__email", "provider__name"]
    raw_id_fields = ["user", "provider"]


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(admin.ModelAdmin):
    """Who works in which region's office (office rights hold on that region's host only)."""

    list_display = ["user", "region", "created_at"]
    list_filter = ["region"]
    list_select_related = ["user", "region"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are created through /konto/einladen/ or `bildungsportal invite`, which mail
    the link; here they can be looked at, shortened (gültig bis) or withdrawn (deleted)."""

    list_display = ["email", "role", "region", "provider", "invited_by", "created_at", "expires_at",
                    "accepted_at"]
    list_filter = ["role", "accepted_at"]
    list_select_related = ["provider", "invited_by"]
    search_fields = ["email", "provider__name"]
    readonly_fields = ["email", "role", "region", "provider", "token_hash", "invited_by",
                       "created_at", "accepted_at"]

    def has_add_permission(self, request):
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Deleting a row lifts a lockout at once."""

    list_display = ["username", "failures", "locked_until", "last_failure_at"]
    search_fields = ["username"]
    readonly_fields = ["username", "failures", "last_failure_at"]

    def has_add_permission(self, request):
        return False


@admin.register(MailThrottle)
class MailThrottleAdmin(admin.ModelAdmin):
    """Mails counted for the per-address limit; deleting rows lifts a limit at once.

    Only the HMAC of the address is stored, so an address cannot be searched for here.
    """

    list_display = ["kind", "email_hash", "sent_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "email_hash", "sent_at"]

    def has_add_permission(self, request):
        return False
