"""`bildungsportal invite EMAIL (--provider NAME_OR_ID | --office [--region KEY])`: invite and
print the link."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from bildungsportal.accounts import invitations
from bildungsportal.accounts.models import Invitation
from bildungsportal.catalog.models import Provider
from bildungsportal.places.models import Region


class Command(BaseCommand):
    help = (
        "Invite someone by e-mail (Einladung per E-Mail): provider staff with --provider, "
        "education office editors with --office. Mails the link and prints it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        role = parser.add_mutually_exclusive_group(required=True)
        role.add_argument("--provider", metavar="NAME_OR_ID",
                          help="the provider (exact name or id) the person will work for")
        role.add_argument("--office", action="store_true",
                          help="invite an education office editor (Bildungsbüro)")
        parser.add_argument(
            "--region", metavar="KEY",
            help="with --office: the region (Kreisschlüssel, e.g. 06431) whose office the "
                 "person joins (default: the default region)",
        )
        parser.add_argument(
            "--base-url", default=os.environ.get("SITE_URL", ""),
            help="start of the link, e.g. https://bildung.kreis-bergstrasse.de "
                 "(default: $SITE_URL or http://127.0.0.1:$PORT)",
        )

    def handle(self, *args, email, provider, office, base_url, region=None, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(
                f"Not an e-mail address / keine E-Mail-Adresse: {email!r}"
            ) from error
        target = None if office else self.find_provider(provider)
        where = None
        if region:
            where = Region.objects.filter(key=region.strip()).first()
            if where is None:
                raise CommandError(f"No region with key / keine Region: {region!r}")
        base = (base_url or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip("/")
        role = Invitation.Role.OFFICE if office else Invitation.Role.PROVIDER_STAFF
        try:
            invitation, link = invitations.invite(
                email, role, lambda path: base + path, provider=target, region=where
            )
        except OSError as error:
            raise CommandError(
                f"Could not send the e-mail, no invitation was stored / E-Mail nicht versendet: "
                f"{error}"
            ) from error
        who = (f"the education office of {invitation.region}" if office
               else f"provider {target.name!r} (id {target.pk})")
        self.stdout.write(
            f"Invited {invitation.email} to {who}; valid until "
            f"{invitation.expires_at:%Y-%m-%d %H:%M %Z}.\n{link}"
        )

    def find_provider(self, value):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) <= 18:
            found = Provider.objects.filter(pk=int(value)).first()
            if found:
                return found
        matches = list(Provider.objects.filter(name__iexact=value)[:2])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise CommandError(f"No provider with name or id / kein Anbieter: {value!r}")
        raise CommandError(
            f"Several providers are called {value!r}; give the id / mehrere Anbieter: "
            + ", ".join(str(p.pk) for p in Provider.objects.filter(name__iexact=value))
        )
