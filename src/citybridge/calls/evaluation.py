"""Scoring applications and ranking them.

**The ranking formula.** Each criterion *c* of a call has a weight *w(c)* and a highest score
*max(c)*. Only *submitted* evaluations count (drafts are the evaluator's own business). For an
application:

    total = Σ over criteria c of  w(c) × mean(c) / max(c)

where *mean(c)* is the mean of the scores the evaluators who submitted gave to *c* (a criterion
nobody scored counts 0). The best possible total is therefore Σ w(c): with weights 30 + 40 + 30
a total is out of 100.

Each evaluator's own weighted total is Σ w(c) × score(c) / max(c); when every evaluator scored
every criterion, the application's total is the mean of those. The **spread** between the
evaluators is the highest minus the lowest of their totals, shown with the (population)
**standard deviation** of the same totals; both need at least two submitted evaluations. A
large spread tells the coordinator the evaluators disagree and a discussion is due.

Applications are ranked by total, highest first; equal totals share a rank (1, 2, 2, 4). Only
submitted, eligible applications with at least one submitted evaluation get a rank; the others
are listed after them.

Arithmetic is exact (fractions); figures are rounded to two decimals only for showing.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.models import Application, Call, Criterion, Evaluation, Score
from citybridge.calls.services import Eligibility, eligibility

TWO_PLACES = Decimal("0.01")


def shown(value: Fraction | None) -> Decimal | None:
    """An exact figure rounded half up to two decimals, for pages and files."""
    if value is None:
        return None
    with localcontext() as context:
        context.prec = 40
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            TWO_PLACES, rounding=ROUND_HALF_UP
        )


def _sqrt(value: Fraction) -> Fraction:
    with localcontext() as context:
        context.prec = 40
        root = (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()
    return Fraction(root)


def evaluator_label(user) -> str:
    """The evaluator's name as people know it: their directory entry, else their account."""
    try:
        person = user.person
    except ObjectDoesNotExist:
        person = None
    if person is not None and person.name:
        return person.name
    return user.get_full_name() or user.get_username()


def weighted_total(criteria: Iterable[Criterion], scores: Mapping[int, int | None]) -> Fraction:
    """Σ weight × score / highest score, over ``criteria``; ``scores`` by criterion id."""
    total = Fraction(0)
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is not None:
            total += Fraction(criterion.weight) * Fraction(value, criterion.max_score)
    return total


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    mean: Fraction | None  # None: nobody who submitted scored it
    weighted: Fraction  # weight × mean / highest score (0 when nobody scored it)

    @property
    def shown_mean(self) -> Decimal | None:
        return shown(self.mean)

    @property
    def shown_weighted(self) -> Decimal:
        return shown(self.weighted)


@dataclass(frozen=True)
class EvaluatorResult:
    """One evaluator's work on one application, for the coordinator."""

    evaluation: Evaluation
    name: str
    scores: list[tuple[Criterion, Score | None]]
    total: Fraction | None  # None while a draft

    @property
    def submitted(self) -> bool:
        return self.evaluation.submitted_at is not None

    @property
    def shown_total(self) -> Decimal | None:
        return shown(self.total)


@dataclass(frozen=True)
class RankedApplication:
    application: Application
    eligibility: Eligibility
    criteria: list[CriterionResult]
    evaluators: list[EvaluatorResult]
    total: Fraction | None  # None: no submitted evaluation yet
    spread: Fraction | None  # highest − lowest evaluator total; None below two evaluations
    standard_deviation: Fraction | None
    rank: int | None = None

    @property
    def received(self) -> int:
        return sum(1 for e in self.evaluators if e.submitted)

    @property
    def assigned(self) -> int:
        return len(self.evaluators)

    @property
    def rankable(self) -> bool:
        return (
            self.total is not None
            and self.eligibility.eligible
            and self.application.status == ApplicationStatus.SUBMITTED
        )

    @property
    def shown_total(self) -> Decimal | None:
        return shown(self.total)

    @property
    def shown_spread(self) -> Decimal | None:
        return shown(self.spread)

    @property
    def shown_standard_deviation(self) -> Decimal | None:
        return shown(self.standard_deviation)


def result_for(application: Application, criteria: list[Criterion]) -> RankedApplication:
    """Totals and spread of one application; reads ``application.evaluations`` and their
    scores, so prefetch them (see :func:`applications_for_ranking`)."""
    evaluators = []
    submitted_scores: list[dict[int, int]] = []
    for evaluation in application.evaluations.all():
        by_criterion = {score.criterion_id: score for score in evaluation.scores.all()}
        values = {pk: score.value for pk, score in by_criterion.items()}
        submitted = evaluation.submitted_at is not None
        if submitted:
            submitted_scores.append(values)
        evaluators.append(
            EvaluatorResult(
                evaluation=evaluation,
                name=evaluator_label(evaluation.evaluator),
                scores=[(c, by_criterion.get(c.pk)) for c in criteria],
                total=weighted_total(criteria, values) if submitted else None,
            )
        )
    evaluators.sort(key=lambda e: e.name.casefold())

    criterion_results = []
    for criterion in criteria:
        given = [s[criterion.pk] for s in submitted_scores if s.get(criterion.pk) is not None]
        mean = Fraction(sum(given), len(given)) if given else None
        weighted = (
            Fraction(criterion.weight) * mean / criterion.max_score if mean is not None else 0
        )
        criterion_results.append(CriterionResult(criterion, mean, Fraction(weighted)))

    totals = [e.total for e in evaluators if e.total is not None]
    spread = deviation = None
    if len(totals) >= 2:
        spread = max(totals) - min(totals)
        mean_total = sum(totals) / len(totals)
        deviation = _sqrt(sum((t - mean_total) ** 2 for t in totals) / len(totals))
    return RankedApplication(
        application=application,
        eligibility=eligibility(application),
        criteria=criterion_results,
        evaluators=evaluators,
        total=sum((c.weighted for c in criterion_results), Fraction(0)) if totals else None,
        spread=spread,
        standard_deviation=deviation,
    )


def rank(results: Iterable[RankedApplication]) -> list[RankedApplication]:
    """Ranked applications first (highest total first, equal totals share a rank), then the
    others by city."""

    def city_key(result):
        return str(result.application.city).casefold()

    results = list(results)
    ranked = sorted((r for r in results if r.rankable), key=lambda r: (-r.total, city_key(r)))
    others = sorted((r for r in results if not r.rankable), key=city_key)
    ordered = []
    previous_total, previous_rank = None, 0
    for position, result in enumerate(ranked, start=1):
        number = previous_rank if result.total == previous_total else position
        previous_total, previous_rank = result.total, number
        ordered.append(replace(result, rank=number))
    return ordered + others


def max_total(criteria: Iterable[Criterion]) -> Decimal:
    return sum((c.weight for c in criteria), Decimal(0))


# --- Reads -----------------------------------------------------------------------------------


def applications_for_ranking(call: Call):
    """The call's applications with everything the coordinator's page shows, in a fixed
    number of queries whatever their number."""
    evaluations = Evaluation.objects.select_related("evaluator__person").prefetch_related(
        Prefetch("scores", queryset=Score.objects.order_by("criterion_id"))
    )
    return call.applications.select_related(
        "city", "contact", "override_by", "decided_by"
    ).prefetch_related(Prefetch("evaluations", queryset=evaluations))


def ranking(call: Call) -> tuple[list[Criterion], list[RankedApplication]]:
    criteria = list(call.criteria.all())
    results = [result_for(a, criteria) for a in applications_for_ranking(call)]
    return criteria, rank(results)


def call_evaluators(call: Call) -> list:
    return list(
        call.evaluators.select_related("person").order_by("last_name", "first_name", "username")
    )


def assigned_to(user) -> list[Evaluation]:
    """The evaluations ``user`` may work on: assigned to them, without a conflict of interest.

    The exclusions mirror ``conflicts.has_conflict`` as one query (an evaluator never scores an
    application from their own city or organisation); the score page asks the permission rule
    itself, so a drift here could hide an application but never open one.
    """
    evaluations = Evaluation.objects.filter(evaluator=user).select_related(
        "application__call", "application__city"
    )
    try:
        organisation = user.person.organisation
    except ObjectDoesNotExist:
        organisation = None
    if organisation is not None:
        if organisation.city_id is not None:
            evaluations = evaluations.exclude(application__city_id=organisation.city_id)
        evaluations = evaluations.exclude(application__departments=organisation)
    return list(evaluations.order_by("-application__call__opens_at", "application__city__slug"))


# --- Writes ----------------------------------------------------------------------------------


def check_can_score(evaluation: Evaluation, *, by) -> None:
    """Raise unless ``by`` may change these scores now: their own evaluation, assigned without
    a conflict of interest, and no selection decision taken on the application yet."""
    application = evaluation.application
    if evaluation.evaluator_id != by.pk or not by.has_perm(
        "calls.evaluate_application", application
    ):
        raise PermissionDenied
    if application.decision != Decision.PENDING:
        raise ValidationError(
            _("The selection has been decided, so the scores can no longer be changed.")
        )


@transaction.atomic
def save_scores(
    evaluation: Evaluation,
    *,
    by,
    scores: Mapping[int, int | None],
    comments: Mapping[int, str],
    comment: str,
    submit: bool,
    at=None,
) -> Evaluation:
    """Keep an evaluator's scores (0 to each criterion's highest score) and comments.

    ``submit`` sends them to the ranking: every criterion must then have a score. Saving
    without ``submit`` keeps a draft, and takes a submitted evaluation back to draft until it
    is submitted again, so the ranking never counts half-changed scores. Side effects: the
    evaluation's Score rows are replaced; ``submitted_at`` set to ``at`` (now) or cleared.
    Raises ``PermissionDenied`` or ``ValidationError`` and then changes nothing.
    """
    evaluation = (
        Evaluation.objects.select_for_update()
        .select_related("application__call", "application__city")
        .get(pk=evaluation.pk)
    )
    check_can_score(evaluation, by=by)
    criteria = list(evaluation.application.call.criteria.all())
    if not criteria:
        raise ValidationError(_("The coordinators have not set the evaluation criteria yet."))
    problems = []
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            if submit:
                problems.append(
                    _("Give a score for “%(criterion)s” before submitting.")
                    % {"criterion": criterion}
                )
        elif not 0 <= value <= criterion.max_score:
            problems.append(
                _("The score for “%(criterion)s” must be between 0 and %(max)s.")
                % {"criterion": criterion, "max": criterion.max_score}
            )
    if problems:
        raise ValidationError(problems)

    existing = {score.criterion_id: score for score in evaluation.scores.all()}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        text = (comments.get(criterion.pk) or "").strip()
        score = existing.get(criterion.pk)
        if value is None:
            if score is not None:
                score.delete()
        elif score is None:
            Score.objects.create(
                evaluation=evaluation, criterion=criterion, value=value, comment=text
            )
        elif (score.value, score.comment) != (value, text):
            score.value, score.comment = value, text
            score.save(update_fields=["value", "comment"])
    evaluation.comment = comment.strip()
    evaluation.submitted_at = (at or timezone.now()) if submit else None
    evaluation.save(update_fields=["comment", "submitted_at"])
    return evaluation


# --- Files -----------------------------------------------------------------------------------


def ranking_rows(criteria: list[Criterion], results: list[RankedApplication]):
    """The ranking as rows for ``core.tabular.render_csv`` / ``render_xlsx``."""
    from citybridge.core.tabular import RowKind, row

    yield row(
        _("Rank"),
        _("City"),
        _("Country"),
        _("Status"),
        _("Eligible"),
        _("Evaluations received"),
        _("Evaluators assigned"),
        *(
            _("%(criterion)s: mean score (of %(max)s)") % {"criterion": c, "max": c.max_score}
            for c in criteria
        ),
        _("Total (of %(max)s)") % {"max": max_total(criteria)},
        _("Spread (highest − lowest)"),
        _("Standard deviation"),
        _("Selection"),
        kind=RowKind.HEADER,
    )
    for result in results:
        application = result.application
        yield row(
            result.rank or "",
            str(application.city),
            application.city.country.code,
            str(application.get_status_display()),
            _("yes") if result.eligibility.eligible else _("no"),
            result.received,
            result.assigned,
            *("" if c.mean is None else c.shown_mean for c in result.criteria),
            "" if result.total is None else result.shown_total,
            "" if result.spread is None else result.shown_spread,
            "" if result.standard_deviation is None else result.shown_standard_deviation,
            str(application.get_decision_display()),
        )
