"""The 17 UN Sustainable Development Goals, shipped as data in data/sdgs.json."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "sdgs.json"


def sync_sdgs(model) -> None:
    """Create or refresh the SDG rows; ``model`` is the (possibly historical) SDG model."""
    for goal in json.loads(DATA.read_text(encoding="utf-8")):
        model.objects.update_or_create(
            number=goal["number"],
            defaults={
                "name": json.dumps(goal["name"], ensure_ascii=False, sort_keys=True),
                "colour": goal["colour"],
            },
        )
