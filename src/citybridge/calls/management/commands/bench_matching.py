"""``citybridge bench-matching --n N``: speed and memory of matchmaking on a synthetic call.

Runs the project's benchmark script ``bench/matching.py`` (imported from the source tree, not
copied, so the command and the script never drift): N applicant cities per side from the
gazetteer with synthetic themes and texts; prints the time of scoring and of the assignment,
peak memory, the time of SciPy's bare ``linear_sum_assignment`` on the same matrix and the
ratio. Needs no database.
"""

import contextlib
import importlib.util
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import citybridge

SCRIPT = Path(citybridge.__file__).resolve().parents[2] / "bench" / "matching.py"


def load_benchmark(path: Path = SCRIPT):
    """The ``bench/matching.py`` module of the source tree."""
    if not path.exists():
        raise CommandError(
            f"The benchmark script {path} is not there: run this command from a source "
            "checkout of CityBridge (the script is not part of the installed package)."
        )
    spec = importlib.util.spec_from_file_location("citybridge_bench_matching", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Command(BaseCommand):
    help = "Benchmark matchmaking on N synthetic applicant cities per side (no database needed)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=1000, help="applicant cities per side")
        parser.add_argument("--seed", type=int, default=1, help="random seed of the synthetic call")

    def handle(self, *args, n, seed, **options):
        if n < 1:
            raise CommandError("--n must be at least 1.")
        benchmark = load_benchmark()
        # The script reads its options from the command line; give it ours while it runs, and
        # let it print to this command's output (so call_command(stdout=…) captures it).
        argv = [str(SCRIPT), "--n", str(n), "--seed", str(seed)]
        saved = sys.argv
        sys.argv = argv
        try:
            with contextlib.redirect_stdout(getattr(self.stdout, "_out", self.stdout)):
                benchmark.main()
        finally:
            sys.argv = saved
