"""Evidence of periodic duties (周期性职责的佐证), produced from the duty catalog itself.

For every periodic duty of the catalog in force, every organization it
applies to produces the duty's first evidence event once per period (or
``min_count`` times): the evidence's ``where`` filters fix the filtered fields
(会议类型, 谈话类型, 自查题号…), ``dated_by`` places the fact in the period and a
recipe per event type fills the rest; a ``min_total`` (学时) is met by the one
fact. Member duties for members with a registry fact (按季度交纳党费) have no
subjects: the simulated campus records no such fact. Habits then drop or
delay the fact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from contracts.catalog import Duty, Evidence, FieldFilter, Period, PeriodicCadence, Scope
from contracts.catalog.event_fields import FieldKind, field_spec
from contracts.events.activities import (
    BudgetAdopted,
    ContactPointVisited,
    DualReportRegistered,
    FundsUsePlanFiled,
    MeetingHeld,
    MembersAppraised,
    ReportHeard,
    ResponsibilityCheckConducted,
    ResponsibilityLetterSigned,
    TalkHeld,
    TrainingCompleted,
    WorkReportEvaluated,
    WorkReportSubmitted,
)
from contracts.events.base import Payload
from contracts.events.enums import MeetingKind, OrganizationKind, SelfCheckAnswer, WorkReportGrade
from contracts.events.members import DuesPaid
from contracts.events.oversight import DisclosureMade, SelfCheckAnswered, WorkSummaryFiled
from services.simulator.campus import Campus
from services.simulator.facts import Fact
from services.simulator.periods import add_months, month_end
from services.simulator.rectification import finding_rectification, rectification
from services.simulator.university import HIGHER_COMMITTEE_ID, Organization

Fill = Callable[[Campus, Organization, dict[str, Any]], None]

#: The deadline a unit sets itself for a problem its self-check found (整改时限).
SELF_CHECK_RECTIFICATION = timedelta(days=90)
_COMMUNITIES = (
    "徐汇区国顺路社区党委",
    "杨浦区五角场街道党工委",
    "长宁区虹桥街道党工委",
    "普陀区长风社区党委",
)
#: Meeting kinds attended by the whole branch or group; others by its office holders.
_ROSTER_MEETINGS = {OrganizationKind.BRANCH, OrganizationKind.PARTY_GROUP}
#: Months (offsets from January) in which a yearly meeting of this kind is held.
_MEETING_MONTHS: dict[str, tuple[int, int]] = {
    MeetingKind.ORGANIZATIONAL_LIFE_MEETING: (10, 11),
    MeetingKind.DEMOCRATIC_LIFE_MEETING: (10, 11),
}


def _meeting(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    kind = MeetingKind(fields["kind"])
    whole = org.kind in _ROSTER_MEETINGS and kind is not MeetingKind.BRANCH_COMMITTEE_MEETING
    expected = max(1, len(org.members) if whole else org.leadership_size)
    ratio = campus.habits.attendance(campus.rng, org.id)
    fields["meeting_id"] = campus.next_id(f"oa-mtg-{fields['held_on']:%Y}")
    fields["expected_attendees"] = expected
    fields["present_attendees"] = max(1, round(expected * ratio))
    fields["topic"] = campus.topic(kind, fields["held_on"])
    fields.setdefault("chaired_by", next(iter(org.holders(tuple(org.officers))), None))


def _report(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["reporting_organization_id"] = campus.rng.choice(org.children)


def _talk(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    if "counterpart_id" in fields:  # the higher secretary talks with this one (书记沟通交流)
        fields["person_id"] = campus.university.organizations[org.parent_id or org.id].secretary
    else:  # the office holder owing the talk (谈心谈话), else the secretary
        fields.setdefault("person_id", campus.university.sent_by(org))
        members = campus.university.subtree_members(org)
        held = fields["held_on"]
        fields["counterpart_id"] = campus.rng.choice([m for m in members if campus.active(m, held)])


def _training(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["hours"] = Decimal(24 if fields.get("person_id") else 16)


def _appraisal(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    members = campus.university.members
    full = sum(1 for m in org.members if not members[m].probationary)
    excellent = campus.rng.randint(full // 6, full // 3)
    basically = min(full - excellent, campus.rng.choice((0, 0, 0, 1)))
    fields.update(
        excellent=excellent,
        qualified=full - excellent - basically,
        basically_qualified=basically,
        unqualified=0,
    )


def _dual_report(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["community"] = campus.rng.choice(_COMMUNITIES)


def _budget(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["party_building_funds"] = Decimal(campus.rng.randint(300, 450) * 1000)


def _work_report(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["submitted_to"] = org.parent_id or HIGHER_COMMITTEE_ID


def _summary(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["submitted_to"] = org.parent_id or HIGHER_COMMITTEE_ID


def _evaluation(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    grades = list(WorkReportGrade)
    weights = (1, 2, 3, 1) if org.id in campus.habits.careless else (6, 3, 1, 0)
    fields["grade"] = campus.rng.choices(grades, weights)[0]


def _check(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["organizations_checked"] = len(org.children)


def _visit(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["organization_id"] = campus.university.contact_points[fields["person_id"]]


def _self_check(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    answers = list(SelfCheckAnswer)
    weights = (18, 2, 0) if campus.habits.is_diligent(org.id) else (2, 2, 1)
    fields["answer"] = campus.rng.choices(answers, weights)[0]
    where = f"{fields['year']}/{org.id}/q{fields['question']:02d}"
    fields["evidence_refs"] = [f"https://dj.example.edu/self-check/{where}"]
    if fields["answer"] is not SelfCheckAnswer.YES:  # a problem found, rectified within a quarter
        fields["finding_id"] = f"zc-{where.replace('/', '-')}"
        fields["rectification_deadline"] = fields["answered_on"] + SELF_CHECK_RECTIFICATION


def _dues(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    fields["amount"] = campus.university.members[fields["member_id"]].dues


def _nothing(campus: Campus, org: Organization, fields: dict[str, Any]) -> None:
    """The filters, the date and the organization are all the fact needs."""


@dataclass(frozen=True)
class Recipe:
    """How a campus system records one kind of evidence.

    ``date_field`` is the fact's day; ``months`` the offsets from January of
    the months a yearly fact falls in (12 is the next January).
    """

    model: type[Payload]
    source: str
    date_field: str
    fill: Fill = _nothing
    months: tuple[int, int] = (0, 11)


#: One recipe per evidence event type the catalog's periodic duties name.
RECIPES: dict[str, Recipe] = {
    r.model.__name__: r
    for r in (
        Recipe(MeetingHeld, "oa-meetings", "held_on", _meeting),
        Recipe(ReportHeard, "oa-meetings", "heard_on", _report),
        Recipe(TalkHeld, "oa-meetings", "held_on", _talk, (0, 0)),
        Recipe(ContactPointVisited, "oa-meetings", "visited_on", _visit, (2, 10)),
        Recipe(MembersAppraised, "oa-meetings", "appraised_on", _appraisal, (11, 11)),
        Recipe(TrainingCompleted, "party-school", "completed_on", _training, (5, 10)),
        Recipe(DuesPaid, "finance", "paid_on", _dues),
        Recipe(BudgetAdopted, "finance", "adopted_on", _budget, (0, 0)),
        Recipe(FundsUsePlanFiled, "finance", "filed_on", months=(1, 2)),
        Recipe(ResponsibilityLetterSigned, "org-dept", "signed_on", months=(1, 2)),
        Recipe(DualReportRegistered, "org-dept", "registered_on", _dual_report, (2, 4)),
        Recipe(WorkReportSubmitted, "org-dept", "submitted_on", _work_report, (11, 11)),
        Recipe(WorkReportEvaluated, "org-dept", "evaluated_on", _evaluation, (12, 12)),
        Recipe(ResponsibilityCheckConducted, "org-dept", "conducted_on", _check, (11, 12)),
        Recipe(SelfCheckAnswered, "org-dept", "answered_on", _self_check, (11, 11)),
        Recipe(DisclosureMade, "org-dept", "disclosed_on", months=(11, 11)),
        Recipe(WorkSummaryFiled, "org-dept", "filed_on", _summary, (12, 12)),
    )
}


def applies(duty: Duty, org: Organization) -> bool:
    """True if ``duty`` binds ``org`` (适用对象: kind, branch category, office held)."""
    target = duty.applies_to
    return (
        org.kind in target.kinds
        and (not target.categories or org.category in target.categories)
        and (target.only_with_office is None or bool(org.officers.get(target.only_with_office)))
    )


def _subjects(campus: Campus, duty: Duty, org: Organization, period: Period) -> list[str | None]:
    """Who owes one instance: the organization, each office holder or each paying member."""
    scope = duty.applies_to.scope
    if scope is Scope.OFFICE:
        return list(org.holders(duty.applies_to.offices))
    if scope is Scope.MEMBER:
        condition = duty.applies_to.members
        if condition is not None and condition.with_fact:
            return []  # no simulated member has the fact (e.g. quarterly dues agreed)
        return [m for m in org.members if campus.habits.pays(m, period.start)]
    return [None]


def _filtered(campus: Campus, condition: FieldFilter) -> Any:
    return condition.equals if condition.one_of is None else campus.rng.choice(condition.one_of)


class _Producer:
    """Produces the facts of one duty in one period (see the module docstring)."""

    def __init__(self, campus: Campus, duty: Duty, period: Period) -> None:
        self.campus = campus
        self.evidence: Evidence = duty.evidence[0]
        self.recipe = RECIPES[self.evidence.event]
        self.period = period
        self.yearly = isinstance(duty.cadence, PeriodicCadence) and duty.cadence.kind == "yearly"
        self.dating = field_spec(self.evidence.event, self.evidence.dated_by).kind

    def day(self, fields: dict[str, Any]) -> date:
        """The fact's day: anywhere in the period, or in the recipe's months for yearly facts."""
        if not self.yearly:
            return self.campus.day_between(self.period.start, self.period.end)
        first, last = _MEETING_MONTHS.get(fields.get("kind", ""), self.recipe.months)
        start = self.period.start
        return self.campus.day_between(add_months(start, first), month_end(add_months(start, last)))

    def fact(self, org: Organization, subject: str | None) -> Fact | None:
        """One fact for ``org`` and ``subject`` (office holder or member), or none if skipped."""
        evidence, recipe = self.evidence, self.recipe
        fields = {
            c.field: _filtered(self.campus, c) for c in evidence.where if c.greater_than is None
        }
        day = self.day(fields)
        if not self.campus.active(subject, day):
            return None  # a member's fact of a day after his membership ended
        fields[recipe.date_field] = day
        if self.dating is FieldKind.MONTH:
            fields[evidence.dated_by] = f"{self.period.start:%Y-%m}"
        elif self.dating is FieldKind.YEAR:
            fields[evidence.dated_by] = self.period.start.year
        fields["organization_id"] = org.id
        if evidence.organization_field != "organization_id":
            # the fact names the organization elsewhere (责任书): the higher one records it
            fields[evidence.organization_field] = org.id
            fields["organization_id"] = org.parent_id
        for name in (evidence.person_field, evidence.member_field):
            if name is not None:
                fields[name] = subject
        recipe.fill(self.campus, org, fields)
        total = evidence.min_total
        if total is not None:
            fields[total.field] = max(Decimal(fields.get(total.field, 0)), total.at_least)
        meeting = recipe.model is MeetingHeld
        delay = self.campus.habits.recording_delay(self.campus.rng, org.id, day, meeting)
        return None if delay is None else Fact(day, recipe.source, recipe.model, fields, delay)


def evidence_facts(campus: Campus, duty: Duty, period: Period) -> Iterator[Fact]:
    """The facts every organization bound by ``duty`` records for ``period``."""
    producer = _Producer(campus, duty, period)
    for org in campus.university.organizations.values():
        if not applies(duty, org):
            continue
        for subject in _subjects(campus, duty, org, period):
            facts = [producer.fact(org, subject) for _ in range(producer.evidence.min_count)]
            for fact in facts:
                if fact is not None:
                    yield fact
                    rectified = finding_rectification(campus, org, fact)
                    if rectified is not None:
                        yield rectified
            if None in facts:
                answer = rectification(campus, org, duty, period)
                if answer is not None:
                    yield answer
