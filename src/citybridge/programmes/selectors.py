"""Reads of programmes for the pages that show them."""

from citybridge.programmes.models import Programme, Theme


def themes_of(programme: Programme) -> list[Theme]:
    """The programme's theme tree as a flat list in display order (parents before children)."""
    themes = list(programme.themes.prefetch_related("sdgs").order_by("order", "id"))
    children: dict = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    ordered: list[Theme] = []

    def walk(parent_id, depth):
        for theme in children.get(parent_id, []):
            theme.depth = depth
            ordered.append(theme)
            walk(theme.pk, depth + 1)

    walk(None, 0)
    return ordered
