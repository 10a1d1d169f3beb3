import time

from django.core.management.base import BaseCommand

from citybridge.demo.iuc_japan import DEMO_PASSWORD, DEMO_USERS, PROGRAMME
from citybridge.demo.loader import load_demo
from citybridge.programmes.models import Programme


class Command(BaseCommand):
    help = "Load (or refresh) the IUC Japan 2017–2020 demo programme and the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="keep the data as it is when the demo programme is already there (make demo)",
        )

    def handle(self, *args, quiet_logins=False, if_empty=False, **options):
        if if_empty and Programme.objects.filter(slug=PROGRAMME["slug"]).exists():
            self.stdout.write(
                "The demo programme is already loaded; keeping its data (make demo-reset starts over)."
            )
            if not quiet_logins:
                self.print_logins()
            return
        started = time.perf_counter()
        counts = load_demo()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                "Demo programme loaded in {:.2f} s: {cities} cities, {pairings} pairings, "
                "{themes} themes, {activities} activities, {users} demo accounts.".format(
                    elapsed, **counts
                )
            )
        )
        if not quiet_logins:
            self.print_logins()

    def print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("  admin                 superuser (Django admin at /admin/)")
        for username, kind, scope, _display in DEMO_USERS:
            self.stdout.write(f"  {username:<21} {kind.replace('_', ' ')} ({scope})")
