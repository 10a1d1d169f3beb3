"""The matchmaking benchmark still runs (on a tiny call)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "matching.py"


def test_matching_benchmark_prints_its_figures():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--n", "30"], check=True, capture_output=True, text=True
    )

    for line in (
        "scoring",
        "assign",
        "bare SciPy LSA",
        "ratio assign ÷ bare SciPy",
        "alternatives",
    ):
        assert line in result.stdout
