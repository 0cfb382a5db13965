"""Load the demo data and make one demo officer account per role.

Idempotent: running it again updates what it made before and adds nothing twice.
Each domain app loads its own part from ``fixtures/`` through ``<app>/demo.py``
(``load_demo(stdout)``); nothing here reads ``../shared``.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pcc_portal import registry, roles
from pcc_portal.models import Office

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

DEMO_ACCOUNTS = {
    "drafting": roles.DRAFTING_OFFICER,
    "approver": roles.OFFICER_APPROVER,
    "commissioner": roles.COMMISSIONER,
    "publisher": roles.PUBLISHER,
    "commissioning": roles.COMMISSIONING_OFFICER,
    "grants": roles.GRANTS_OFFICER,
    "secretary": roles.BOARD_SECRETARY,
}
# Demo accounts of one office only, to show offices kept apart: each sees and acts on
# its office's records only, where the accounts above work for every demo office.
ONE_OFFICE_ACCOUNTS = {
    "drafting-humberside": (roles.DRAFTING_OFFICER, "humberside"),
}


class Command(BaseCommand):
    help = "Load the demo data from fixtures/ and create one demo officer per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even when DEBUG is off (demo accounts on a live site are a risk).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates demo accounts with known passwords; it runs only with "
                "DEBUG on, or with --allow-production."
            )
        with transaction.atomic():
            call_command("loaddata", FIXTURES / "offices.json", verbosity=0)
            for load_demo in registry.collect("demo", "load_demo", None):
                if load_demo is not None:
                    load_demo(self.stdout)
            accounts = self.create_demo_accounts()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Demo officer accounts (sign in at /admin/):")
        for username, role, password, offices in accounts:
            self.stdout.write(f"  {username:<20} {password:<16} {role}, {offices}")

    def create_demo_accounts(self):
        every_office = list(Office.objects.all())
        accounts = [
            self.create_demo_account(username, role, every_office)
            for username, role in DEMO_ACCOUNTS.items()
        ]
        for username, (role, office_slug) in ONE_OFFICE_ACCOUNTS.items():
            offices = [Office.objects.get(slug=office_slug)]
            accounts.append(self.create_demo_account(username, role, offices))
        return accounts

    def create_demo_account(self, username, role, offices):
        """Make or reset one demo officer; returns what the command prints of it."""
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = "Demo"
        user.last_name = role
        user.email = f"{username}@example.org"
        user.is_staff = True
        user.is_superuser = False
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.offices.set(offices)
        return username, role, password, " and ".join(office.area for office in offices)
