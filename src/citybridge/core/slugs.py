from django.utils.text import slugify

from citybridge.core.i18n import localize


def unique_slug(instance, source, field: str = "slug", max_length: int = 80) -> str:
    """A slug for ``instance`` from the English (or first) text of ``source``, unique in its table."""
    base = slugify(localize(source, "en").text, allow_unicode=False)[: max_length - 6] or "item"
    model = type(instance)
    slug, n = base, 1
    while model.objects.filter(**{field: slug}).exclude(pk=instance.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
