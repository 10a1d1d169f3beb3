import time

from django.core.management.base import BaseCommand, CommandError

from citybridge.demo.synthetic import generate


class Command(BaseCommand):
    help = "Add N synthetic programmes of plausible data (for benchmarks), with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="how many programmes to add (1–500)"
        )
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, scale, seed, **options):
        if not 1 <= scale <= 500:
            raise CommandError("--scale must be between 1 and 500.")
        started = time.perf_counter()
        made = generate(scale, seed=seed)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated in {elapsed:.2f} s: {made.programmes} programmes, {made.cities} cities, "
                f"{made.pairings} pairings, {made.organisations} organisations, {made.people} people, "
                f"{made.plans} action plans, {made.actions} actions, {made.indicators} indicators, "
                f"{made.measurements} measurements, {made.progress_updates} progress updates."
            )
        )
