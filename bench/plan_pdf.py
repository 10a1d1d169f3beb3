"""Time to render a full action plan PDF in Japanese (WeasyPrint), against the database in the
environment. Builds, in a transaction rolled back at the end, a plan of 50 actions (texts in
English and Japanese, milestones, an indicator with measurements and progress for each) for a
pairing without a plan, creating the programme, cities and pairing when there is none. Prints
the first render (with the WeasyPrint import) and the median of the next ones, for the full
plan and for "at a glance", in wall-clock and CPU seconds (on a busy machine the wall clock
also counts the time other processes took).

    .venv/bin/python bench/plan_pdf.py [actions] [--save DIR]
"""

import argparse
import io
import os
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citybridge.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from pypdf import PdfReader  # noqa: E402  (a development dependency, like this script)

from citybridge.core.i18n import i18n  # noqa: E402
from citybridge.directory.models import City, Organisation  # noqa: E402
from citybridge.pairings.models import Pairing, PairingCity  # noqa: E402
from citybridge.plans import pdf  # noqa: E402
from citybridge.plans.enums import PlanStatus, ProgressStatus  # noqa: E402
from citybridge.plans.models import (  # noqa: E402
    Action,
    ActionPlan,
    ActionStep,
    Indicator,
    Measurement,
    ProgressUpdate,
)
from citybridge.programmes.models import Programme, Theme  # noqa: E402

RENDERS = 6

DESCRIPTION_JA = (
    "市内の公共施設を対象に、エネルギー使用量の調査と改善策の検討を行い、"
    "両市の担当部局と地域の事業者が協力して実証事業を進める。"
) * 3
RESULTS_JA = "公共施設のエネルギー消費を削減し、市民の意識を高める。" * 2


def _pairing() -> Pairing:
    """A pairing without a plan from the demo, or a new one (rolled back with the rest)."""
    pairing = Pairing.objects.filter(plan__isnull=True).order_by("slug").first()
    if pairing is not None:
        return pairing
    programme = Programme.objects.create(name=i18n(en="Benchmark programme"), acronym="BENCH")
    pairing = Pairing.objects.create(programme=programme, slug="bench-ancona-ikoma")
    for order, (name, country, zone) in enumerate(
        [
            (i18n(en="Ancona", ja="アンコーナ"), "IT", "Europe/Rome"),
            (i18n(en="Ikoma", ja="生駒市"), "JP", "Asia/Tokyo"),
        ]
    ):
        city = City.objects.create(
            name=name,
            country=country,
            continent="EU" if country == "IT" else "AS",
            population=100_000,
            latitude=40,
            longitude=130 if country == "JP" else 13,
            time_zone=zone,
        )
        PairingCity.objects.create(pairing=pairing, city=city, order=order)
    return pairing


def build_plan(actions: int) -> ActionPlan:
    pairing = _pairing()
    cities = [m.city for m in pairing.memberships.select_related("city")]
    themes = list(pairing.programme.themes.all()[:3]) or [
        Theme.objects.create(
            programme=pairing.programme, name=i18n(en="Clean energy", ja="クリーンエネルギー")
        )
    ]
    organisation = Organisation.objects.filter(city=cities[-1]).first()
    plan = ActionPlan.objects.create(
        pairing=pairing,
        title=i18n(en="Urban Cooperation Action Plan", ja="都市間協力行動計画"),
        context=i18n(en="Two cities", ja="両市は人口規模が近く、共通の課題を抱えている。" * 4),
        vision=i18n(en="Sustainable towns", ja="持続可能で誰もが暮らしやすいまち。" * 2),
        objectives=i18n(en="Cut emissions", ja="公共施設の二酸化炭素排出量を削減する。" * 3),
        status=PlanStatus.APPROVED,
    )
    for n in range(actions):
        action = Action.objects.create(
            plan=plan,
            order=n,
            theme=themes[n % len(themes)],
            title=i18n(en=f"Action {n + 1}", ja=f"行動{n + 1}：公共施設の省エネルギー改修"),
            description=i18n(en="Retrofitting", ja=DESCRIPTION_JA),
            lead_city=cities[n % len(cities)],
            lead_organisation=organisation if n % len(cities) == len(cities) - 1 else None,
            start_date=date(2019, 4, 1),
            end_date=date(2021, 3, 31),
            budget=Decimal("125000.00") + n,
            funding_source=i18n(en="Municipal budget", ja="市の予算"),
            expected_results=i18n(en="Lower use", ja=RESULTS_JA),
            benefits=i18n(en="Lower bills", ja="光熱費の削減と市民の健康増進。"),
            risks=i18n(en="Delays", ja="資材調達の遅延。"),
            is_pilot=n % 5 == 0,
        )
        for k in range(2):
            ActionStep.objects.create(
                action=action,
                title=i18n(en="Step", ja=f"段階{k + 1}：調査と設計"),
                due_date=date(2019, 6, 1) + timedelta(days=90 * k),
                done=k == 0,
            )
        indicator = Indicator.objects.create(
            plan=plan,
            action=action,
            name=i18n(en="Energy use", ja="エネルギー使用量"),
            unit="MWh",
            baseline_value=100,
            target_value=70,
        )
        for k in range(3):
            Measurement.objects.create(
                indicator=indicator, date=date(2019 + k, 12, 31), value=100 - 5 * k
            )
        for k in range(2):
            ProgressUpdate.objects.create(
                action=action,
                date=date(2019 + k, 12, 31),
                status=ProgressStatus.ON_TRACK,
                percent=30 + 30 * k,
                narrative=i18n(en="On track", ja="計画どおり進んでいる。"),
            )
    return plan


def time_renders(render, plan) -> tuple[list[float], list[float], bytes]:
    """Wall-clock and CPU seconds of each render (CPU time is what the render itself costs
    when other processes share the machine), and the last PDF."""
    wall, cpu, content = [], [], b""
    for _ in range(RENDERS):
        started, started_cpu = time.perf_counter(), time.process_time()
        content = render(pdf.plan_for_files(plan.pk), language="ja")
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu, content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actions", type=int, nargs="?", default=50)
    parser.add_argument("--save", type=Path, help="write the last PDFs into this folder")
    options = parser.parse_args()
    with transaction.atomic():
        plan = build_plan(options.actions)
        for label, render in [
            ("full plan", pdf.render_full_pdf),
            ("at a glance", pdf.render_glance_pdf),
        ]:
            wall, cpu, content = time_renders(render, plan)
            pages = len(PdfReader(io.BytesIO(content)).pages)
            print(
                f"{label} PDF, ja, {options.actions} actions, {pages} pages, "
                f"{len(content) / 1024:.0f} KB"
            )
            print(f"  first render: {wall[0]:.2f} s (CPU {cpu[0]:.2f} s)")
            print(
                f"  median of the next {len(wall) - 1}: {statistics.median(wall[1:]):.2f} s"
                f" (CPU {statistics.median(cpu[1:]):.2f} s)"
            )
            if options.save:
                options.save.mkdir(parents=True, exist_ok=True)
                (options.save / f"{label.replace(' ', '-')}.pdf").write_bytes(content)
        transaction.set_rollback(True)  # leave the database as it was


if __name__ == "__main__":
    main()
