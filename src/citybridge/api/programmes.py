from datetime import date

from ninja import Router, Schema
from ninja.pagination import paginate

from citybridge.api.common import LangParam, Pagination, TranslatedText, get_or_404
from citybridge.programmes.models import Programme, Theme

router = Router(tags=["programmes"])


class SDGOut(Schema):
    number: int
    name: TranslatedText


class ThemeOut(Schema):
    id: int
    parent_id: int | None
    name: TranslatedText
    sdgs: list[SDGOut]

    @staticmethod
    def resolve_sdgs(obj):
        return list(obj.sdgs.all())


class ProgrammeOut(Schema):
    slug: str
    acronym: str
    name: TranslatedText
    funder: TranslatedText
    regions: TranslatedText
    description: TranslatedText
    start_date: date | None
    end_date: date | None
    website: str


class ProgrammeDetailOut(ProgrammeOut):
    themes: list[ThemeOut]

    @staticmethod
    def resolve_themes(obj):
        return list(
            Theme.objects.filter(programme=obj).prefetch_related("sdgs").order_by("order", "id")
        )


@router.get("", response=list[ProgrammeOut])
@paginate(Pagination)
def list_programmes(request, lang: LangParam):
    return Programme.objects.order_by("-start_date", "id")


@router.get("/{slug}", response=ProgrammeDetailOut)
def get_programme(request, slug: str, lang: LangParam):
    return get_or_404(Programme.objects.all(), slug=slug)
