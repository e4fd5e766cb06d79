"""Cadences and periods, clause by clause (audit of the duty verdicts).

Each test states its expected outcome by hand in its docstring, citing the
clause (seed 三、(x), DOMAIN.md, the catalog entry), before the fold is run.
Catalog figures used below (duty_catalog.v1.yaml):

- branch.general_meeting.quarterly   grace 15, reminder lead 14
- branch.committee_meeting.monthly   grace 7,  reminder lead 7 (only with a committee member)
- party_group.meeting.monthly        grace 7,  reminder lead 7
- branch.party_lecture.quarterly     grace 15, reminder lead 14
- branch.theme_party_day.monthly     grace 7,  reminder lead 7
- branch.organizational_life_meeting.yearly / branch.members_appraisal.yearly  grace 31, lead 60
- unit.secretary_work_report.yearly  grace 31, lead 30
- parent.branch_work_report_evaluation.yearly  grace 59
- org.election.term                  grace 0,  lead 180, max extension 366 days
- general_branch.branch_building_report.semester  grace 15, lead 30
  (semesters S1 09-01..01-31, S2 02-01..08-31)
- committee.party_mass_work_meeting.quarterly     grace 15, lead 14
- member.dues.quarterly              grace 10, lead 5, min_count 3
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, members, structure
from tests.unit.duties.builders import (
    BRANCH,
    GENERAL_BRANCH,
    SECRETARY,
    History,
    fold,
    make,
    of_type,
)

pytestmark = pytest.mark.unit

COMMITTEE_ORG = "pc-university"
GENERAL = "branch.general_meeting.quarterly"
COMMITTEE = "branch.committee_meeting.monthly"
GROUP = "party_group.meeting.monthly"
LECTURE = "branch.party_lecture.quarterly"
THEME = "branch.theme_party_day.monthly"
LIFE = "branch.organizational_life_meeting.yearly"
APPRAISAL = "branch.members_appraisal.yearly"
REPORT = "unit.secretary_work_report.yearly"
EVALUATION = "parent.branch_work_report_evaluation.yearly"
ELECTION = "org.election.term"
SEMESTER_REPORT = "general_branch.branch_building_report.semester"
MASS_MEETING = "committee.party_mass_work_meeting.quarterly"
QUARTERLY_DUES = "member.dues.quarterly"
MONTHLY_DUES = "member.dues.monthly"
VISITS = "committee_member.contact_point.visits"

STATUSES = ("DutyFulfilled", "DutyFulfilledLate", "DutyOverdue", "DutyWaived")


def verdicts(outputs: list[Envelope], duty: str, **fields: Any) -> list[tuple[str, str]]:
    """(status event, period) of ``duty``, in output order (reminders left out)."""
    found: list[Any] = list(outputs)
    return [
        (o.type.removeprefix("zeren."), o.data.period)
        for o in found
        if o.type.removeprefix("zeren.") in STATUSES
        and o.data.duty_id == duty
        and all(getattr(o.data, k) == v for k, v in fields.items())
    ]


def one(outputs: list[Envelope], name: str, **fields: Any) -> Any:
    [found] = of_type(outputs, name, **fields)
    return found.data


def _general_branch(history: History, on: date = date(2018, 1, 1)) -> None:
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id=GENERAL_BRANCH,
            name="教育学院党总支",
            kind="general_branch",
            parent_id=COMMITTEE_ORG,
            established_on=on,
            term_ends_on=date(2020, 12, 31),
        ),
        on,
    )
    history.appoint(GENERAL_BRANCH, "p-gb-sec", "secretary", on)


# ── 三会一课: 支部党员大会 (quarterly) ─────────────────────────────────────────


def test_general_meeting_quarter_boundaries_due_day_and_reminder() -> None:
    """Seed 三、(四) 三会一课; DOMAIN: 支部党员大会 generally once a quarter.
    Catalog: grace 15, lead 14. Expected for 2018-Q1: period 01-01..03-31,
    due 04-15, DutyDueSoon on the 04-01 tick, DutyOverdue on the 04-16 tick
    (not on 04-15). A meeting on 04-01 belongs to Q2 and does not save Q1."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 3, 31))
    history.meeting("branch_general_meeting", date(2018, 4, 1))
    history.ticks(date(2018, 4, 1), date(2018, 4, 15))
    _, before = fold(history.events)
    history.tick(date(2018, 4, 16))
    _, outputs = fold(history.events)

    soon = one(outputs, "DutyDueSoon", duty_id=GENERAL, period="2018-Q1")
    assert soon.cause_event_id == "tick:2018-04-01:0"
    assert (soon.period_start, soon.period_end, soon.due_on) == (
        date(2018, 1, 1),
        date(2018, 3, 31),
        date(2018, 4, 15),
    )
    assert verdicts(before, GENERAL) == [("DutyFulfilled", "2018-Q2")]
    assert verdicts(outputs, GENERAL) == [("DutyFulfilled", "2018-Q2"), ("DutyOverdue", "2018-Q1")]
    assert one(outputs, "DutyOverdue", duty_id=GENERAL).cause_event_id == "tick:2018-04-16:0"


def test_general_meeting_on_the_quarter_s_last_day_recorded_in_the_grace_is_fulfilled() -> None:
    """Catalog grace_days = how long late recording is tolerated. A meeting held
    2018-03-31, recorded 2018-04-14 (inside the 15 days): 2018-Q1 DutyFulfilled,
    fulfilled_on 03-31, no DutyOverdue."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 4, 13))
    history.meeting("branch_general_meeting", date(2018, 3, 31), recorded=date(2018, 4, 14))
    history.ticks(date(2018, 4, 14), date(2018, 4, 20))
    _, outputs = fold(history.events)

    assert verdicts(outputs, GENERAL) == [("DutyFulfilled", "2018-Q1")]
    assert one(outputs, "DutyFulfilled", duty_id=GENERAL).fulfilled_on == date(2018, 3, 31)


def test_general_meeting_recorded_after_the_grace_is_fulfilled_late() -> None:
    """Same meeting (held 03-31, inside Q1) recorded 04-20, after due 04-15:
    DutyOverdue (04-16) then DutyFulfilledLate for 2018-Q1; Q2 untouched."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 4, 19))
    history.meeting("branch_general_meeting", date(2018, 3, 31), recorded=date(2018, 4, 20))
    _, outputs = fold(history.events)

    assert verdicts(outputs, GENERAL) == [
        ("DutyOverdue", "2018-Q1"),
        ("DutyFulfilledLate", "2018-Q1"),
    ]


# ── 支部委员会 / 党小组会 / 主题党日 (monthly) ─────────────────────────────────


def test_committee_meeting_february_of_a_leap_year() -> None:
    """DOMAIN: 支委会 generally once a month. Catalog grace 7, lead 7.
    2020-02 (29 days): period 02-01..02-29, due 03-07, reminder on 02-29,
    overdue on the 03-08 tick. (2020 is under v4: same figures.)"""
    history = History()
    history.branch(date(2020, 1, 1), term_ends_on=date(2022, 12, 31))
    history.ticks(date(2020, 1, 1), date(2020, 3, 8))
    _, outputs = fold(history.events)

    soon = one(outputs, "DutyDueSoon", duty_id=COMMITTEE, period="2020-02")
    assert soon.cause_event_id == "tick:2020-02-29:0"
    overdue = one(outputs, "DutyOverdue", duty_id=COMMITTEE, period="2020-02")
    assert (overdue.period_end, overdue.due_on, overdue.cause_event_id) == (
        date(2020, 2, 29),
        date(2020, 3, 7),
        "tick:2020-03-08:0",
    )
    assert overdue.catalog_version == "v4"


def test_committee_meeting_not_owed_by_a_branch_without_committee() -> None:
    """Catalog applies_to only_with_office: committee_member (支部工作条例: under 7 full
    members, a secretary only, no 支委会). A branch without a committee member owes no
    monthly committee meeting; it still owes the theme party day."""
    history = History()
    history.branch(committee=False)
    history.ticks(date(2018, 1, 1), date(2018, 3, 10))
    _, outputs = fold(history.events)

    assert verdicts(outputs, COMMITTEE) == []
    assert verdicts(outputs, THEME) == [("DutyOverdue", "2018-01"), ("DutyOverdue", "2018-02")]


def test_party_group_meeting_monthly_charged_to_the_group_leader() -> None:
    """DOMAIN: 党小组会 generally once a month; catalog responsible_office group_leader.
    A group established 2018-01-01 with a leader, meeting on 2018-02-27 only:
    2018-01 overdue on 02-08 (due 02-07), 2018-02 fulfilled; the overdue names the leader."""
    history = History()
    history.branch()
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id="pg-1",
            name="第一党小组",
            kind="party_group",
            parent_id=BRANCH,
            established_on=date(2018, 1, 1),
        ),
        date(2018, 1, 1),
    )
    history.appoint("pg-1", "p-leader", "group_leader", date(2018, 1, 1))
    history.meeting("party_group_meeting", date(2018, 2, 27), org="pg-1")
    history.ticks(date(2018, 1, 1), date(2018, 3, 5))
    _, outputs = fold(history.events)

    assert sorted(verdicts(outputs, GROUP), key=lambda v: v[1]) == [
        ("DutyOverdue", "2018-01"),
        ("DutyFulfilled", "2018-02"),
    ]
    overdue = one(outputs, "DutyOverdue", duty_id=GROUP)
    assert (overdue.due_on, overdue.cause_event_id) == (date(2018, 2, 7), "tick:2018-02-08:0")
    assert overdue.charged_person_ids == ["p-leader"]


def test_theme_party_day_held_next_month_counts_for_next_month() -> None:
    """Seed 三、(四) 深入实施“主题党日”; DOMAIN: one fixed day each month. The fold
    credits a fact to the period containing its own date (evidence.py). A theme day
    held 2018-02-02 for January is February's: 2018-01 overdue (due 02-07), 2018-02
    fulfilled."""
    history = History()
    history.branch()
    history.meeting("theme_party_day", date(2018, 2, 2))
    history.ticks(date(2018, 1, 1), date(2018, 3, 5))
    _, outputs = fold(history.events)

    assert sorted(verdicts(outputs, THEME), key=lambda v: v[1]) == [
        ("DutyOverdue", "2018-01"),
        ("DutyFulfilled", "2018-02"),
    ]


# ── 党课 (quarterly, policy) and 党组织书记讲党课 (yearly) ───────────────────────


def test_party_lecture_quarterly_and_the_general_branch_secretary_s_yearly_lecture() -> None:
    """DOMAIN: 党课 quarterly is a policy setting; 书记讲党课 at least once a year.
    Branch: lecture 2018-05-10 → Q2 fulfilled; Q1 overdue (due 04-15).
    General branch secretary p-gb-sec chairs a lecture of the general branch on
    2018-11-20 → secretary.party_lecture.yearly 2018 fulfilled; the branch's
    quarterly lecture is not credited by the general branch's lecture."""
    history = History()
    _general_branch(history)
    history.branch()
    history.meeting("party_lecture", date(2018, 5, 10))
    history.add(
        make(
            activities.MeetingHeld,
            organization_id=GENERAL_BRANCH,
            meeting_id="gb-lecture",
            kind="party_lecture",
            held_on=date(2018, 11, 20),
            expected_attendees=30,
            present_attendees=28,
            topic="党课",
            chaired_by="p-gb-sec",
        ),
        date(2018, 11, 20),
    )
    history.ticks(date(2018, 1, 1), date(2019, 2, 5))
    _, outputs = fold(history.events)

    assert sorted(verdicts(outputs, LECTURE, organization_id=BRANCH), key=lambda v: v[1]) == [
        ("DutyOverdue", "2018-Q1"),
        ("DutyFulfilled", "2018-Q2"),
        ("DutyOverdue", "2018-Q3"),
        ("DutyOverdue", "2018-Q4"),
    ]
    assert verdicts(outputs, "secretary.party_lecture.yearly") == [("DutyFulfilled", "2018")]


# ── 组织生活会 / 民主评议党员 (yearly) ─────────────────────────────────────────


def test_organizational_life_meeting_year_due_day_and_reminder() -> None:
    """支部工作条例 §17: 组织生活会 at least once a year. Catalog grace 31, lead 60:
    2018 due 2019-01-31, reminder on the 2018-12-02 tick. Held 2018-12-28 and
    recorded 2019-01-20: 2018 DutyFulfilled, no overdue."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2019, 1, 19))
    history.meeting("organizational_life_meeting", date(2018, 12, 28), recorded=date(2019, 1, 20))
    history.ticks(date(2019, 1, 20), date(2019, 2, 5))
    _, outputs = fold(history.events)

    soon = one(outputs, "DutyDueSoon", duty_id=LIFE, period="2018")
    assert (soon.due_on, soon.cause_event_id) == (date(2019, 1, 31), "tick:2018-12-02:0")
    assert verdicts(outputs, LIFE) == [("DutyFulfilled", "2018")]


def test_organizational_life_meeting_held_in_january_counts_for_the_new_year() -> None:
    """Catalog: grace tolerates late *recording*; the meeting counts for the period of
    its own date (held_on). A meeting held 2019-01-10 is 2019's: 2018 overdue on
    the 2019-02-01 tick, 2019 fulfilled (not 2018 fulfilled late)."""
    history = History()
    history.branch()
    history.meeting("organizational_life_meeting", date(2019, 1, 10))
    history.ticks(date(2018, 1, 1), date(2019, 2, 1))
    _, outputs = fold(history.events)

    assert verdicts(outputs, LIFE) == [("DutyFulfilled", "2019"), ("DutyOverdue", "2018")]


def test_members_appraisal_is_dated_by_its_year_field() -> None:
    """民主评议党员 once a year (DOMAIN). Evidence MembersAppraised dated_by year:
    the appraisal of year 2018 done on 2019-01-15 is 2018's → 2018 DutyFulfilled,
    fulfilled_on 2019-01-15; recorded 2019-02-03 after due 01-31 it would be late."""
    history = History()
    history.branch()
    appraisal = make(
        activities.MembersAppraised,
        organization_id=BRANCH,
        year=2018,
        appraised_on=date(2019, 1, 15),
        excellent=1,
        qualified=8,
        basically_qualified=0,
        unqualified=0,
    )
    history.add(appraisal, date(2019, 1, 15))
    history.ticks(date(2018, 1, 1), date(2019, 2, 5))
    _, outputs = fold(history.events)

    assert verdicts(outputs, APPRAISAL) == [("DutyFulfilled", "2018")]
    assert one(outputs, "DutyFulfilled", duty_id=APPRAISAL).fulfilled_on == date(2019, 1, 15)


# ── 述职评议 (yearly) ──────────────────────────────────────────────────────────


def test_branch_secretary_report_and_its_evaluation_due_days() -> None:
    """Seed 三、(八) 每年向学校党委书面述职并接受评议. Catalog: the report grace 31,
    lead 30 → 2018 report due 2019-01-31, reminded on the 2019-01-01 tick; the
    parent's evaluation grace 59 → due 2019-02-28, charged to the parent (gb-edu).
    Report for 2018 submitted 2019-01-20, never evaluated: report fulfilled,
    evaluation overdue on the 2019-03-01 tick."""
    history = History()
    _general_branch(history)
    history.branch()
    history.ticks(date(2018, 1, 1), date(2019, 1, 19))
    history.add(
        make(
            activities.WorkReportSubmitted,
            organization_id=BRANCH,
            person_id=SECRETARY,
            office="secretary",
            year=2018,
            submitted_to=GENERAL_BRANCH,
            submitted_on=date(2019, 1, 20),
        ),
        date(2019, 1, 20),
    )
    history.ticks(date(2019, 1, 20), date(2019, 3, 1))
    _, outputs = fold(history.events)

    soon = one(outputs, "DutyDueSoon", duty_id=REPORT, period="2018", organization_id=BRANCH)
    assert (soon.due_on, soon.cause_event_id) == (date(2019, 1, 31), "tick:2019-01-01:0")
    assert verdicts(outputs, REPORT, organization_id=BRANCH) == [("DutyFulfilled", "2018")]
    overdue = one(outputs, "DutyOverdue", duty_id=EVALUATION, period="2018")
    assert (overdue.due_on, overdue.cause_event_id) == (date(2019, 2, 28), "tick:2019-03-01:0")
    assert overdue.charged_organization_id == GENERAL_BRANCH


# ── 党委 duties ────────────────────────────────────────────────────────────────


def test_committee_party_mass_work_meeting_quarterly() -> None:
    """Seed 三、(一) 坚持党群工作例会制度 (policy: quarterly, grace 15). Committee
    established 2018-01-01; meeting 2018-06-30 only: Q1 overdue (due 04-15,
    on the 04-16 tick), Q2 fulfilled."""
    history = History()
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id=COMMITTEE_ORG,
            name="校党委",
            kind="party_committee",
            established_on=date(2018, 1, 1),
            term_ends_on=date(2021, 12, 31),
        ),
        date(2018, 1, 1),
    )
    history.appoint(COMMITTEE_ORG, "p-cmt", "secretary", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 6, 29))
    history.meeting("party_mass_work_meeting", date(2018, 6, 30), org=COMMITTEE_ORG)
    history.ticks(date(2018, 6, 30), date(2018, 7, 20))
    _, outputs = fold(history.events)

    assert verdicts(outputs, MASS_MEETING) == [
        ("DutyOverdue", "2018-Q1"),
        ("DutyFulfilled", "2018-Q2"),
    ]
    assert one(outputs, "DutyOverdue", duty_id=MASS_MEETING).cause_event_id == "tick:2018-04-16:0"


# ── 学期 (semester) ────────────────────────────────────────────────────────────


def test_semester_boundaries_due_day_and_reminder() -> None:
    """Seed 三、(二) 党总支每学期至少听取1次党支部建设工作的情况汇报. Catalog calendar:
    S1 09-01..01-31 (labelled by its starting year), S2 02-01..08-31. 2018-S1 =
    2018-09-01..2019-01-31, due 2019-02-15 (grace 15), reminded on 2019-01-16 (lead 30).
    A report heard 2019-01-20 fulfils 2018-S1; one heard 2019-02-05 is 2018-S2's
    (2019-02-01..2019-08-31) and cannot save 2018-S1."""
    history = History()
    _general_branch(history, date(2018, 8, 1))
    history.ticks(date(2018, 8, 1), date(2019, 1, 19))
    for day in (date(2019, 1, 20), date(2019, 2, 5)):
        history.add(
            make(
                activities.ReportHeard,
                organization_id=GENERAL_BRANCH,
                reporting_organization_id=BRANCH,
                heard_on=day,
                topic="branch_building",
            ),
            day,
        )
    history.ticks(date(2019, 1, 20), date(2019, 2, 16))
    _, outputs = fold(history.events)

    soon = one(outputs, "DutyDueSoon", duty_id=SEMESTER_REPORT, period="2018-S1")
    assert (soon.period_start, soon.period_end, soon.due_on) == (
        date(2018, 9, 1),
        date(2019, 1, 31),
        date(2019, 2, 15),
    )
    assert soon.cause_event_id == "tick:2019-01-16:0"
    assert sorted(verdicts(outputs, SEMESTER_REPORT)) == [
        ("DutyFulfilled", "2018-S1"),
        ("DutyFulfilled", "2018-S2"),
    ]
    fulfilled = one(outputs, "DutyFulfilled", duty_id=SEMESTER_REPORT, period="2018-S2")
    assert (fulfilled.period_start, fulfilled.period_end) == (date(2019, 2, 1), date(2019, 8, 31))


# ── 换届 (term elections) ──────────────────────────────────────────────────────


def test_term_reminder_180_days_before_and_due_on_the_last_day() -> None:
    """Seed 三、(二) 任期届满后按期进行换届选举; DOMAIN: reminder about 6 months before
    expiry (policy). Catalog grace 0, lead 180. Term ends 2019-12-31: DutyDueSoon on
    the 2019-07-04 tick (2019-12-31 − 180 days), due 2019-12-31; an election held on
    2019-12-31 is in time (DutyFulfilled)."""
    history = History()
    history.branch(term_ends_on=date(2019, 12, 31))
    history.ticks(date(2018, 1, 1), date(2019, 12, 30))
    history.add(
        make(
            structure.ElectionHeld,
            organization_id=BRANCH,
            held_on=date(2019, 12, 31),
            term_ends_on=date(2022, 12, 30),
        ),
        date(2019, 12, 31),
    )
    history.ticks(date(2019, 12, 31), date(2020, 1, 5))
    _, outputs = fold(history.events)

    soon = one(outputs, "DutyDueSoon", duty_id=ELECTION, period="term:2019-12-31")
    assert (soon.due_on, soon.cause_event_id) == (date(2019, 12, 31), "tick:2019-07-04:0")
    assert verdicts(outputs, ELECTION) == [("DutyFulfilled", "term:2019-12-31")]


def test_election_held_in_time_but_recorded_after_expiry_is_fulfilled_late() -> None:
    """Election held 2019-12-20 (inside the term), recorded 2020-01-10: the 2020-01-01
    tick finds the term overdue; the record then yields DutyFulfilledLate for
    term:2019-12-31 (the fold's rule for late records, test_fold), and the new term
    (to 2022-12-19) opens, not yet judged."""
    history = History()
    history.branch(term_ends_on=date(2019, 12, 31))
    history.ticks(date(2018, 1, 1), date(2020, 1, 9))
    history.add(
        make(
            structure.ElectionHeld,
            organization_id=BRANCH,
            held_on=date(2019, 12, 20),
            term_ends_on=date(2022, 12, 19),
        ),
        date(2020, 1, 10),
    )
    history.ticks(date(2020, 1, 10), date(2020, 1, 15))
    _, outputs = fold(history.events)

    assert verdicts(outputs, ELECTION) == [
        ("DutyOverdue", "term:2019-12-31"),
        ("DutyFulfilledLate", "term:2019-12-31"),
    ]


def test_extension_approved_after_expiry_keeps_the_miss_and_sets_the_new_deadline() -> None:
    """《关于党的基层组织任期的意见》: 延期须经上级党委批准 — an approval given after the
    term expired does not undo the miss (structure._extended: 'An approval given after
    the deadline passed leaves that miss'). Term to 2019-06-30; approval on 2019-08-01
    to 2019-12-31; election 2019-11-15: term:2019-06-30 overdue (2019-07-01) then
    fulfilled late by the election; term:2019-12-31 fulfilled; nothing waived."""
    history = History()
    history.branch(term_ends_on=date(2019, 6, 30))
    history.ticks(date(2018, 1, 1), date(2019, 7, 31))
    history.add(
        make(
            structure.TermExtensionApproved,
            organization_id=BRANCH,
            approved_on=date(2019, 8, 1),
            extended_until=date(2019, 12, 31),
            approved_by=GENERAL_BRANCH,
            reason="学院调整",
        ),
        date(2019, 8, 1),
    )
    history.ticks(date(2019, 8, 1), date(2019, 11, 14))
    history.add(
        make(
            structure.ElectionHeld,
            organization_id=BRANCH,
            held_on=date(2019, 11, 15),
            term_ends_on=date(2022, 11, 14),
        ),
        date(2019, 11, 15),
    )
    history.ticks(date(2019, 11, 15), date(2020, 1, 5))
    _, outputs = fold(history.events)

    assert sorted(verdicts(outputs, ELECTION)) == [
        ("DutyFulfilled", "term:2019-12-31"),
        ("DutyFulfilledLate", "term:2019-06-30"),
        ("DutyOverdue", "term:2019-06-30"),
    ]


@pytest.mark.parametrize(
    "recorded", [date(2018, 6, 1), date(2018, 7, 20)], ids=["on-time", "recorded-late"]
)
def test_default_term_runs_from_the_establishment_under_the_rules_then_in_force(
    recorded: date,
) -> None:
    """v1 settings.term_years (pre-2018 rules: branch 2 years); v2 (2018-07-12): 3 years,
    and v2's header: 'Terms already running keep their end date; new terms use these.'
    A branch established 2018-06-01 with no term_ends_on/term_years: its first term
    began 2018-06-01 under v1 → ends 2020-05-31, the election due then — whatever day
    the establishment is recorded (补录 on 2018-07-20 changes nothing)."""
    history = History()
    history.ticks(date(2018, 5, 30), recorded)
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id=BRANCH,
            name="教育学院教工第一党支部",
            kind="branch",
            category="faculty",
            parent_id=GENERAL_BRANCH,
            established_on=date(2018, 6, 1),
        ),
        recorded,
    )
    state, _ = fold(history.events)

    unit = state.units[BRANCH]
    assert (unit.term_start, unit.term_ends_on) == (date(2018, 6, 1), date(2020, 5, 31))
    assert [i.period for i in unit.instances() if i.duty_id == ELECTION] == ["term:2020-05-31"]


def test_election_held_before_the_unit_was_recorded_credits_the_expiring_term() -> None:
    """Seed 三、(二) 按期换届. Go-live: the log begins 2018-03-01; a branch established
    2016-03-01 (term to 2018-02-28) is recorded that day, and its election, held on
    2018-02-20 (inside the term), is recorded on 2018-03-05. The election is evidence
    for the term ending 2018-02-28 (ElectionHeld dated_by held_on): expected
    term:2018-02-28 DutyFulfilledLate (the 03-01 tick found it overdue), not left
    overdue, and the new term to 2021-02-19 open."""
    history = History()
    history.tick(date(2018, 3, 1))
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id=BRANCH,
            name="教育学院教工第一党支部",
            kind="branch",
            category="faculty",
            parent_id=GENERAL_BRANCH,
            established_on=date(2016, 3, 1),
            term_ends_on=date(2018, 2, 28),
        ),
        date(2018, 3, 1),
    )
    history.ticks(date(2018, 3, 2), date(2018, 3, 4))
    history.add(
        make(
            structure.ElectionHeld,
            organization_id=BRANCH,
            held_on=date(2018, 2, 20),
            term_ends_on=date(2021, 2, 19),
        ),
        date(2018, 3, 5),
    )
    history.ticks(date(2018, 3, 5), date(2018, 3, 10))
    _, outputs = fold(history.events)

    assert verdicts(outputs, ELECTION) == [
        ("DutyOverdue", "term:2018-02-28"),
        ("DutyFulfilledLate", "term:2018-02-28"),
    ]


# ── a unit established or dissolved mid-period ─────────────────────────────────


def test_a_branch_established_mid_period_owes_from_the_first_whole_period() -> None:
    """The catalog says nothing of partial periods; the fold's rule (obligations.owes,
    test_fold's 2017-S1 case) is that a unit owes a period only if it existed on its
    first day. Branch established 2018-01-15: 2018-01 committee meeting and 2018-Q1
    general meeting not owed, 2018-02 owed (overdue 03-08), 2018-Q2 owed; the yearly
    组织生活会 for 2018 is not owed at all (first owed: 2019)."""
    history = History()
    history.branch(date(2018, 1, 15))
    history.ticks(date(2018, 1, 1), date(2019, 2, 1))
    _, outputs = fold(history.events)

    committee = [p for _, p in verdicts(outputs, COMMITTEE)]
    assert committee[:2] == ["2018-02", "2018-03"]
    general = [p for _, p in verdicts(outputs, GENERAL)]
    assert general[:1] == ["2018-Q2"]
    assert verdicts(outputs, LIFE) == []


def test_a_branch_dissolved_mid_period() -> None:
    """structure._dissolved: duties falling due on or after the dissolution day are not
    owed. Branch dissolved 2018-05-20, nothing ever held: 2018-04 committee meeting
    (due 05-07) stays overdue; 2018-05, 2018-Q2 and 2018 (yearly) are waived; June is
    never opened; the Q1 general meeting (due 04-15) stays overdue."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 5, 19))
    history.add(
        make(
            structure.OrganizationDissolved, organization_id=BRANCH, dissolved_on=date(2018, 5, 20)
        ),
        date(2018, 5, 20),
    )
    history.ticks(date(2018, 5, 20), date(2018, 8, 1))
    _, outputs = fold(history.events)

    committee = verdicts(outputs, COMMITTEE)
    assert ("DutyOverdue", "2018-04") in committee
    assert ("DutyWaived", "2018-05") in committee
    assert not [p for _, p in committee if p >= "2018-06"]
    assert verdicts(outputs, GENERAL) == [("DutyOverdue", "2018-Q1"), ("DutyWaived", "2018-Q2")]
    assert verdicts(outputs, LIFE) == [("DutyWaived", "2018")]


# ── catalog versions ───────────────────────────────────────────────────────────


def test_a_year_is_judged_by_the_version_in_force_on_1_january() -> None:
    """v4 (2019-05-06) adds member.training_hours.yearly (32 学时); the version in force
    on a period's first day governs it (rules.period_of; v4 header: 'so they first
    apply to 2020'). A member from 2018-01-01 with no training: no instance for 2019,
    2020 overdue on 2021-02-01 (grace 31), catalog_version v4."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2021, 2, 1))
    _, outputs = fold(history.events)

    duty = "member.training_hours.yearly"
    assert verdicts(outputs, duty) == [("DutyOverdue", "2020")]
    overdue = one(outputs, "DutyOverdue", duty_id=duty)
    assert (overdue.due_on, overdue.catalog_version) == (date(2021, 1, 31), "v4")


def test_a_quarter_spanning_a_version_switch_is_governed_by_its_first_day() -> None:
    """v2 took effect 2018-07-12, v3 2018-10-28; 2018-Q3 began 2018-07-01 under v1 →
    v1; 2018-Q4 began 2018-10-01 under v2 → v2; 2019-Q1 → v3. (Same figures; the
    verdict names the governing version.) [First written with Q3 → v2: my slip,
    v2 starts on 07-12, after Q3's first day.]"""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2019, 4, 16))
    _, outputs = fold(history.events)

    versions = {
        o.data.period: o.data.catalog_version
        for o in of_type(outputs, "DutyOverdue", duty_id=GENERAL)
    }
    assert (versions["2018-Q3"], versions["2018-Q4"], versions["2019-Q1"]) == ("v1", "v2", "v3")


# ── the beginning of the log ───────────────────────────────────────────────────


def test_the_first_periods_after_the_seed_takes_effect() -> None:
    """The seed (v1) takes effect 2017-10-20 and the log begins then. Periods that began
    before (2017-10, 2017-Q4, 2017-S1, 2017) are not judged; 2017-11 is the first
    committee-meeting month (due 12-07), 2018-Q1 the first general-meeting quarter."""
    history = History()
    history.branch(date(2017, 9, 1), term_ends_on=date(2019, 8, 31))
    history.ticks(date(2017, 10, 20), date(2018, 4, 16))
    _, outputs = fold(history.events)

    committee = [p for _, p in verdicts(outputs, COMMITTEE)]
    assert committee[0] == "2017-11"
    assert one(outputs, "DutyOverdue", duty_id=COMMITTEE, period="2017-11").due_on == date(
        2017, 12, 7
    )
    assert [p for _, p in verdicts(outputs, GENERAL)] == ["2018-Q1"]
    assert verdicts(outputs, LIFE) == []


@pytest.mark.parametrize("visited", [False, True], ids=["no-visit", "one-visit-before-log"])
def test_evidence_for_a_period_before_the_log_does_not_make_it_judged(visited: bool) -> None:
    """ticks.open_periods: 'Periods that began before the log did … are not judged:
    nothing of them can be in the log.' Log begins 2018-03-01; a committee member's
    contact-point visits (yearly, min_count 2, grace 0) for 2018 are therefore not
    judged. One visit of 2018-02-10 recorded (补录) on 2018-03-05 must not make 2018
    judged: expected no DutyOverdue for 2018 on 2019-01-01 (with no visit recorded
    there is none either); 2019 is judged."""
    history = History()
    history.tick(date(2018, 3, 1))
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id=COMMITTEE_ORG,
            name="校党委",
            kind="party_committee",
            established_on=date(2017, 1, 1),
            term_ends_on=date(2021, 12, 31),
        ),
        date(2018, 3, 1),
    )
    history.appoint(COMMITTEE_ORG, "p-cm", "committee_member", date(2018, 3, 1))
    history.ticks(date(2018, 3, 2), date(2018, 3, 4))
    visit = make(
        activities.ContactPointVisited,
        organization_id=BRANCH,
        person_id="p-cm",
        visited_on=date(2018, 2, 10),
    )
    if visited:
        history.add(visit, date(2018, 3, 5))
    history.ticks(date(2018, 3, 5), date(2020, 1, 2))
    _, outputs = fold(history.events)

    assert verdicts(outputs, VISITS) == [("DutyOverdue", "2019")]
    assert [o.data.period for o in of_type(outputs, "DutyDueSoon", duty_id=VISITS)] == ["2019"]


def test_evidence_for_a_period_before_the_log_may_show_it_done() -> None:
    """The log can show that a period begun before it was done, never that it was not
    (ticks.open_periods): with the log begun 2018-02-15, a 支部党员大会 held 2018-02-10 and
    recorded 02-20 fulfils 2018-Q1 (DutyFulfilled, as a campus system starting mid-quarter
    expects); with none recorded, 2018-Q1 gets no status at all; 2018-Q2 is judged."""
    for held in (True, False):
        history = History()
        history.branch()
        history.ticks(date(2018, 2, 15), date(2018, 2, 19))
        if held:
            history.meeting("branch_general_meeting", date(2018, 2, 10), recorded=date(2018, 2, 20))
        history.ticks(date(2018, 2, 20), date(2018, 7, 31))
        _, outputs = fold(history.events)
        first = [("DutyFulfilled", "2018-Q1")] if held else []
        assert verdicts(outputs, GENERAL) == [*first, ("DutyOverdue", "2018-Q2")]


# ── 党费: quarterly by the branch's consent ────────────────────────────────────


def _consent(history: History, approved: date, recorded: date, first_month: str) -> None:
    history.add(
        make(
            members.QuarterlyDuesApproved,
            organization_id=BRANCH,
            member_id="m-1",
            approved_on=approved,
            first_month=first_month,
        ),
        recorded,
    )


def test_quarterly_dues_consent_recorded_before_the_quarter() -> None:
    """DOMAIN / 2008 党费规定: monthly; quarterly in special cases with the branch's
    consent. Catalog member.dues.monthly (with_fact false) / member.dues.quarterly
    (with_fact true, min_count 3, grace 10). Consent of 2018-03-20 from 2018-04,
    recorded the same day; m-1 pays 2018-04/05 on 06-20 and 2018-06 on 07-08:
    monthly dues owed for 2018-01..03 only (no payment: overdue); 2018-Q2 quarterly
    fulfilled (due 07-10) once all three months are paid; nothing monthly from April."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 3, 19))
    _consent(history, date(2018, 3, 20), date(2018, 3, 20), "2018-04")
    history.ticks(date(2018, 3, 20), date(2018, 6, 19))
    history.dues("m-1", "2018-04", date(2018, 6, 20))
    history.dues("m-1", "2018-05", date(2018, 6, 20))
    history.ticks(date(2018, 6, 20), date(2018, 7, 7))
    history.dues("m-1", "2018-06", date(2018, 7, 8))
    history.ticks(date(2018, 7, 8), date(2018, 7, 12))
    _, outputs = fold(history.events)

    assert [p for _, p in verdicts(outputs, MONTHLY_DUES, member_id="m-1")] == [
        "2018-01",
        "2018-02",
        "2018-03",
    ]
    assert verdicts(outputs, QUARTERLY_DUES, member_id="m-1") == [("DutyFulfilled", "2018-Q2")]


def test_a_branch_recorded_late_gets_the_grace_from_the_recording_day() -> None:
    """README (补录): 'a period whose deadline had passed when the log first judged it (a
    unit established … recorded late) gets the duty's grace again from that day'.
    Branch established 2018-01-01, recorded 2018-03-10 (log from 2018-01-01): the
    January committee meeting is owed, due 03-17 (03-10 + 7), overdue on the 03-18
    tick; February's likewise due 03-17; March's due 04-07 as usual."""
    history = History()
    history.ticks(date(2018, 1, 1), date(2018, 3, 9))
    history.events.extend(_branch_events(date(2018, 1, 1), date(2018, 3, 10)))
    history.ticks(date(2018, 3, 10), date(2018, 4, 8))
    _, outputs = fold(history.events)

    due = {o.data.period: o.data.due_on for o in of_type(outputs, "DutyOverdue", duty_id=COMMITTEE)}
    assert due == {
        "2018-01": date(2018, 3, 17),
        "2018-02": date(2018, 3, 17),
        "2018-03": date(2018, 4, 7),
    }


def _branch_events(established: date, recorded: date) -> list[tuple[Envelope, int]]:
    late = History()
    late.add(
        make(
            structure.OrganizationEstablished,
            organization_id=BRANCH,
            name="教育学院教工第一党支部",
            kind="branch",
            category="faculty",
            parent_id=GENERAL_BRANCH,
            established_on=established,
            term_ends_on=date(2019, 12, 31),
        ),
        recorded,
        id="established-late",
    )
    late.appoint(BRANCH, SECRETARY, "secretary", established)
    late.appoint(BRANCH, f"{BRANCH}-cm", "committee_member", established)
    return late.events


def test_a_dissolution_recorded_late_waives_what_fell_due_after_it() -> None:
    """structure._dissolved: judged by the dissolution day, not the recording day.
    Dissolved 2018-03-15, recorded 2018-04-20: 2018-02 committee meeting (due 03-07)
    stays overdue; 2018-03 (due 04-07, found overdue 04-08) is waived; 2018-Q1
    general meeting (due 04-15, found overdue 04-16) is waived. The periods the ticks
    opened before the record (2018-04, 2018-Q2) can only be retracted: waived, never
    overdue; May onward is never opened. [First written 'April never owed' with no
    event at all: my slip — the 04-01 tick could not know of the dissolution.]"""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 4, 19))
    history.add(
        make(
            structure.OrganizationDissolved, organization_id=BRANCH, dissolved_on=date(2018, 3, 15)
        ),
        date(2018, 4, 20),
    )
    history.ticks(date(2018, 4, 20), date(2018, 6, 1))
    _, outputs = fold(history.events)

    committee = verdicts(outputs, COMMITTEE)
    assert ("DutyOverdue", "2018-02") in committee
    assert ("DutyWaived", "2018-02") not in committee
    assert ("DutyWaived", "2018-03") in committee
    assert verdicts(outputs, GENERAL) == [
        ("DutyOverdue", "2018-Q1"),
        ("DutyWaived", "2018-Q1"),
        ("DutyWaived", "2018-Q2"),
    ]
    assert [v for v in committee if v[1] >= "2018-04"] == [("DutyWaived", "2018-04")]
