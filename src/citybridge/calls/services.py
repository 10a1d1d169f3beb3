"""Writes on calls and applications. Deadlines, eligibility and conflicts of interest are
decided here, on the server, whatever a page shows."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citybridge.calls.conflicts import has_conflict
from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.models import Application, Call, Evaluation
from citybridge.calls.notices import tell_evaluator
from citybridge.core.i18n import as_dict
from citybridge.core.revisions import save_with_revision

REQUIRED_TEXTS = ("challenges", "practices", "motivation")


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]
    automatic: bool = True

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


def screen(application: Application) -> Eligibility:
    """The automatic eligibility check, with the reasons a person can read."""
    call, city = application.call, application.city
    reasons = []
    if call.side_of(city.country.code) is None:
        reasons.append(
            _("%(country)s is not among the countries of this call.")
            % {"country": city.country.name}
        )
    members = application.group_members or []
    if members and not call.allow_groups:
        reasons.append(_("This call does not accept groups of municipalities."))
    population = application.total_population if call.allow_groups else city.population
    if population < call.min_population:
        reasons.append(
            _("The population counted is %(population)s; the call asks for at least %(minimum)s.")
            % {"population": f"{population:,}", "minimum": f"{call.min_population:,}"}
        )
    if not reasons:
        counted = (
            _("%(population)s inhabitants counted, with the group.")
            if members
            else _("%(population)s inhabitants.")
        ) % {"population": f"{population:,}"}
        return Eligibility(True, [counted])
    return Eligibility(False, reasons)


def eligibility(application: Application) -> Eligibility:
    """The coordinator's decision when there is one, otherwise the automatic screening."""
    if application.eligibility_override is not None:
        return Eligibility(
            application.eligibility_override, [application.override_reason], automatic=False
        )
    return screen(application)


def _require_open(call: Call, at=None) -> None:
    at = at or timezone.now()
    if at < call.opens_at:
        raise ValidationError(_("The call is not open yet."))
    if at >= call.closes_at:
        raise ValidationError(
            _("The call closed; applications can no longer be submitted or changed.")
        )


def check_can_change(application: Application, *, by) -> None:
    """Raise unless ``by`` may change this application now (city editor, draft, call open)."""
    if not by.has_perm("calls.edit_application", application):
        raise PermissionDenied
    _require_open(application.call)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("A submitted application cannot be changed."))


def missing_parts(application: Application) -> list[str]:
    missing = []
    labels = {
        "challenges": _("the challenges the city faces"),
        "practices": _("the practices the city can offer"),
        "motivation": _("the motivation"),
    }
    for name in REQUIRED_TEXTS:
        if not as_dict(getattr(application, name)):
            missing.append(str(labels[name]))
    if not application.ranked_themes.exists():
        missing.append(_("at least one theme, ranked"))
    if not application.staff_languages:
        missing.append(_("the working languages of the staff"))
    if application.contact_id is None:
        missing.append(_("a contact person"))
    return missing


@transaction.atomic
def submit_application(application: Application, *, by) -> Application:
    """Submit a complete draft before the deadline. Side effects: status submitted, time kept."""
    application = (
        Application.objects.select_for_update()
        .select_related("call", "city")
        .get(pk=application.pk)
    )
    check_can_change(application, by=by)
    missing = missing_parts(application)
    if missing:
        raise ValidationError(
            _("The application is not complete. Missing: %(parts)s.")
            % {"parts": "; ".join(missing)}
        )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    return application


@transaction.atomic
def override_eligibility(application: Application, *, by, eligible: bool, reason: str) -> None:
    if not by.has_perm("calls.manage_call", application.call):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            _("Give the reason for the decision; it is kept with the application.")
        )
    application.eligibility_override = eligible
    application.override_reason = reason.strip()
    application.override_by = by
    application.save(
        update_fields=["eligibility_override", "override_reason", "override_by", "updated_at"]
    )


@transaction.atomic
def assign_evaluator(application: Application, evaluator, *, by) -> Evaluation:
    if not by.has_perm("calls.manage_call", application.call):
        raise PermissionDenied
    if not application.call.evaluators.filter(pk=evaluator.pk).exists():
        raise ValidationError(_("This person is not an evaluator of the call."))
    if has_conflict(evaluator, application):
        raise ValidationError(_("This evaluator belongs to the applicant's city or organisation."))
    evaluation, created = Evaluation.objects.get_or_create(
        application=application, evaluator=evaluator
    )
    if created:
        tell_evaluator(evaluation, by=by)
    return evaluation


@transaction.atomic
def decide(application: Application, *, by, decision: Decision) -> None:
    """Record the selection decision; the applicant is told by e-mail in their language."""
    if not by.has_perm("calls.manage_call", application.call):
        raise PermissionDenied
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be decided on."))
    if decision == Decision.SELECTED and not eligibility(application).eligible:
        raise ValidationError(_("An ineligible application cannot be selected."))
    application.decision = decision
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
    transaction.on_commit(lambda: _tell_applicant(application.pk))


def _tell_applicant(application_pk: int) -> None:
    from citybridge.calls.emails import send_decision

    send_decision(application_pk)


def by_office(application_or_city, *, by) -> bool:
    """Whether ``by`` works on a city's application on its behalf (not one of its editors)."""
    city = getattr(application_or_city, "city", application_or_city)
    return not by.has_perm("calls.start_application", city)


@transaction.atomic
def start_application(call: Call, city, *, by) -> Application:
    """Open a draft application of ``city`` (one per city and call): by one of its editors, or
    on its behalf by a coordinator of the call (then marked ``entered_by_office``)."""
    on_behalf = by_office(city, by=by)
    if on_behalf and not by.has_perm("calls.apply_on_behalf", call):
        raise PermissionDenied
    if not call.is_published:
        raise ValidationError(_("This call is not published yet: cities may apply once it is."))
    _require_open(call)
    if call.side_of(city.country.code) is None:
        raise ValidationError(
            _("%(country)s is not among the countries of this call.")
            % {"country": city.country.name}
        )
    application, _created = Application.objects.get_or_create(
        call=call, city=city, defaults={"created_by": by, "entered_by_office": on_behalf}
    )
    return application


@transaction.atomic
def save_application(form, group_members: list[dict], *, by) -> Application:
    """Save a draft (texts, ranked themes, group members) while the call is open.

    Refused with ``core.revisions.EditConflict`` if someone saved it since the form was
    opened. Side effects: the application's revision goes up; the ranked themes are replaced;
    the history records the application and each ranked theme added or removed, by ``by``."""
    from simple_history.utils import bulk_create_with_history

    from citybridge.calls.models import ApplicationTheme

    application = form.instance
    check_can_change(Application.objects.select_for_update().get(pk=application.pk), by=by)
    application.group_members = group_members
    if by_office(application, by=by):
        application.entered_by_office = True
    application = save_with_revision(form, revision=form.posted_revision, by=by)
    wanted = {(theme.pk, rank) for rank, theme in form.ranked()}
    ranked = list(application.ranked_themes.all())
    if {(t.theme_id, t.rank) for t in ranked} != wanted:
        for old in ranked:
            old._history_user = by
            old.delete()
        bulk_create_with_history(
            [ApplicationTheme(application=application, theme_id=t, rank=r) for t, r in wanted],
            ApplicationTheme,
            default_user=by,
        )
    return application
