"""``roles`` in every template: what the signed-in user may use, asked lazily from the rules."""

from functools import cached_property

from . import rules


class Roles:
    """The user's roles, each computed on first use (public pages for anonymous users never
    touch the database)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def is_office(self):
        return rules.is_office(self.user)

    @cached_property
    def provider_ids(self):
        return rules.provider_ids(self.user)

    @cached_property
    def is_provider_staff(self):
        return rules.is_provider_staff(self.user)

    @cached_property
    def can_use_backoffice(self):
        return rules.can_use_backoffice(self.user)

    @cached_property
    def can_manage_surveys(self):
        return rules.can_manage_surveys(self.user)

    @cached_property
    def can_view_survey_results(self):
        return rules.can_view_survey_results(self.user)


def roles(request):
    return {"roles": Roles(getattr(request, "user", None))}
