"""Member rules on event lists: transfer, lost contact, §9 attendance, quarterly dues, 学时.

Each test is a list of facts and ticks whose outcome depends on one catalog
entry (党员教育管理工作条例 2019 第二十四、二十五条; 党章 第九条; 2008 党费规定;
发展党员工作细则 2014; the 2019 学时 minima).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from contracts.events import activities, members
from contracts.events.base import OrganizationPayload
from tests.unit.duties.builders import (
    BRANCH,
    SECRETARY,
    History,
    fold,
    make,
    of_type,
    stored_fold,
)

TRANSFER = "member.away.transfer"
LOST_CONTACT = "member.lost_contact.six_months"
SUSPENDED = "member.suspended.two_years"
DUES = "member.dues.monthly"
QUARTERLY_DUES = "member.dues.quarterly"


def _away(history: History, since: date, recorded: date, place: str | None) -> None:
    fields = {"place": place} if place else {}
    history.add(
        make(
            members.MemberWentAway,
            organization_id=BRANCH,
            member_id="m-1",
            since=since,
            destination="新疆喀什",
            **fields,
        ),
        recorded,
        id="away-1",
    )


def _member_event(
    history: History, model: type[OrganizationPayload], on: date, **fields: object
) -> None:
    history.add(make(model, organization_id=BRANCH, member_id="m-1", **fields), on)


def _training(history: History, person: str, kind: str, hours: int, on: date) -> None:
    history.add(
        make(
            activities.TrainingCompleted,
            organization_id=BRANCH,
            person_id=person,
            kind=kind,
            hours=str(hours),
            completed_on=on,
        ),
        on,
    )


# ── 组织关系转接 (第二十五条): fixed place only, six months from ``since``, return waives ──


def test_transfer_runs_from_the_day_the_member_left_not_the_day_recorded() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 2, 28))
    _away(history, since=date(2018, 1, 10), recorded=date(2018, 3, 1), place="fixed")
    history.ticks(date(2018, 3, 1), date(2018, 8, 12))
    _, outputs = fold(history.events)

    [overdue] = of_type(outputs, "DutyOverdue", duty_id=TRANSFER)
    assert overdue.data.period_start == date(2018, 1, 10)
    assert overdue.data.due_on == date(2018, 8, 11)  # since + 183 days + 30 days' grace


def test_a_member_away_moving_about_or_unstated_owes_no_transfer() -> None:
    for place in ("mobile", None):
        history = History()
        history.branch()
        history.member("m-1", date(2018, 1, 1))
        _away(history, since=date(2018, 1, 10), recorded=date(2018, 1, 10), place=place)
        history.ticks(date(2018, 1, 1), date(2018, 9, 1))
        state, outputs = fold(history.events)

        assert of_type(outputs, "DutyOverdue", duty_id=TRANSFER) == []
        assert [i for i in state.units[BRANCH].instances() if i.duty_id == TRANSFER] == []


def test_a_return_within_six_months_waives_the_transfer_and_flags_nothing() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    _away(history, since=date(2018, 1, 10), recorded=date(2018, 1, 10), place="fixed")
    history.ticks(date(2018, 1, 1), date(2018, 4, 30))
    _member_event(history, members.MemberReturned, date(2018, 5, 1), returned_on=date(2018, 5, 1))
    history.ticks(date(2018, 5, 1), date(2018, 9, 1))
    _, outputs = fold(history.events)

    [waived] = of_type(outputs, "DutyWaived", duty_id=TRANSFER)
    assert waived.data.member_id == "m-1"
    assert of_type(outputs, "DutyOverdue", duty_id=TRANSFER) == []
    assert of_type(outputs, "MemberSituationFlagged", situation="away_not_transferred") == []


# ── 失联 (第二十四条): flags, never an overdue branch ───────────────────────────


def _lost(history: History, since: date, on: date) -> None:
    _member_event(history, members.MemberLostContact, on, since=since)


def test_six_months_of_lost_contact_flag_may_suspend_and_make_nothing_overdue() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 2, 9))
    _lost(history, since=date(2018, 1, 1), on=date(2018, 2, 10))
    history.ticks(date(2018, 2, 10), date(2018, 7, 10))
    _, outputs = fold(history.events)

    [flag] = of_type(outputs, "MemberSituationFlagged", duty_id=LOST_CONTACT)
    assert flag.data.situation == "may_suspend_membership"
    assert (flag.data.member_id, flag.data.since) == ("m-1", date(2018, 1, 1))
    assert flag.data.cause_event_id == "tick:2018-07-03:0"  # 1 January + 183 days
    assert flag.data.charged_person_ids == [SECRETARY]  # the branch is told, not charged
    overdue = {o.data.duty_id for o in of_type(outputs, "DutyOverdue") if o.data.member_id}
    assert overdue == {DUES}  # the unpaid dues only: being out of contact makes nothing overdue


def test_contact_restored_in_time_clears_the_lost_contact_flag() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    _lost(history, since=date(2018, 1, 1), on=date(2018, 1, 5))
    history.ticks(date(2018, 1, 1), date(2018, 5, 31))
    _member_event(
        history, members.MemberContactRestored, date(2018, 6, 1), restored_on=date(2018, 6, 1)
    )
    history.ticks(date(2018, 6, 1), date(2018, 12, 31))
    _, outputs = fold(history.events)

    assert of_type(outputs, "MemberSituationFlagged", duty_id=LOST_CONTACT) == []


def _suspended(history: History, on: date, ground: str) -> None:
    _member_event(
        history,
        members.MembershipSuspended,
        on,
        suspended_on=on,
        reason="失去联系满六个月，经支部大会讨论停止党籍",
        ground=ground,
    )


def test_two_years_after_a_suspension_for_lost_contact_flag_removal_from_2019() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    _suspended(history, date(2019, 6, 3), "lost_contact")
    history.ticks(date(2019, 6, 1), date(2021, 6, 4))
    _, outputs = fold(history.events)

    [flag] = of_type(outputs, "MemberSituationFlagged", duty_id=SUSPENDED)
    assert flag.data.situation == "may_remove_from_party"
    assert flag.data.catalog_version == "v4"
    assert flag.data.cause_event_id == "tick:2021-06-02:0"  # 3 June 2019 + 730 days
    assert "第二十四条" in flag.data.clause


def test_no_removal_flag_for_other_grounds_a_restoration_or_before_the_regulation() -> None:
    other = History()
    other.branch()
    other.member("m-1", date(2018, 1, 1))
    _suspended(other, date(2019, 6, 3), "abroad")
    other.ticks(date(2019, 6, 1), date(2021, 7, 1))

    restored = History()
    restored.branch()
    restored.member("m-1", date(2018, 1, 1))
    _suspended(restored, date(2019, 6, 3), "lost_contact")
    restored.ticks(date(2019, 6, 1), date(2020, 6, 1))
    _member_event(
        restored, members.MembershipRestored, date(2020, 6, 2), restored_on=date(2020, 6, 2)
    )
    restored.ticks(date(2020, 6, 2), date(2021, 7, 1))

    earlier = History()
    earlier.branch()
    earlier.member("m-1", date(2018, 1, 1))
    _suspended(earlier, date(2019, 5, 5), "lost_contact")  # v3 in force: no such rule
    earlier.ticks(date(2019, 5, 1), date(2021, 7, 1))

    for history in (other, restored, earlier):
        _, outputs = fold(history.events)
        assert of_type(outputs, "MemberSituationFlagged", duty_id=SUSPENDED) == []


def test_a_restored_member_owes_dues_again() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    _suspended(history, date(2019, 6, 3), "lost_contact")
    _member_event(
        history, members.MembershipRestored, date(2019, 9, 2), restored_on=date(2019, 9, 2)
    )
    history.ticks(date(2019, 6, 1), date(2019, 11, 30))
    state, _ = fold(history.events)

    assert "m-1" in state.units[BRANCH].members
    unit = state.units[BRANCH]
    opened = {i.period for i in unit.instances() if i.duty_id == DUES and i.member_id == "m-1"}
    deferred = {d.period.id for d, who in unit.deferred_instances() if who == "m-1"}
    assert sorted(opened | deferred) == ["2019-10", "2019-11"]  # from the month after restoring


# ── 党章第九条: six months without organizational life, from attendance ──────────


def _attended(history: History, member_id: str, on: date) -> None:
    history.add(
        make(
            members.OrganizationalLifeAttended,
            organization_id=BRANCH,
            member_id=member_id,
            meeting_id=f"mtg-{on}",
            attended_on=on,
        ),
        on,
    )


def test_six_months_without_organizational_life_are_flagged_once_attendance_is_kept() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.member("m-2", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 3, 1))
    for month in range(3, 10):
        _attended(history, "m-1", date(2018, month, 12))
        history.ticks(date(2018, month, 2), date(2018, month + 1, 1))
    _, outputs = fold(history.events)

    [flag] = of_type(outputs, "MemberSituationFlagged", situation="absent_six_months")
    assert flag.data.member_id == "m-2"
    # Attendance is kept from March: March to August are six silent months.
    assert (flag.data.period, flag.data.since) == ("2018-08", date(2018, 3, 1))
    assert flag.data.duty_id == "member.art9.six_months_without_organizational_life"


def test_a_branch_keeping_no_attendance_flags_no_one_for_absence() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    for month in range(1, 13):
        history.dues("m-1", f"2018-{month:02d}", date(2018, month, 5))
    history.ticks(date(2018, 1, 1), date(2019, 1, 2))
    _, outputs = fold(history.events)

    assert of_type(outputs, "MemberSituationFlagged") == []


# ── 党费: quarterly with the branch's consent (2008 规定) ─────────────────────────


def _quarterly_from_april(history: History, approved_on: date) -> None:
    _member_event(
        history,
        members.QuarterlyDuesApproved,
        approved_on,
        approved_on=approved_on,
        first_month="2018-04",
    )


def test_quarterly_dues_replace_the_monthly_ones_from_the_agreed_quarter() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    _quarterly_from_april(history, date(2018, 3, 20))
    for month in ("2018-01", "2018-02", "2018-03"):
        history.dues("m-1", month, date(2018, 3, 25))
    history.dues("m-1", "2018-04", date(2018, 6, 28))
    history.dues("m-1", "2018-05", date(2018, 6, 28))
    history.ticks(date(2018, 1, 1), date(2018, 7, 11))
    _, before = fold(history.events)
    history.dues("m-1", "2018-06", date(2018, 7, 12))  # recorded late: the quarter was due 10 July
    history.ticks(date(2018, 7, 12), date(2018, 10, 10))
    _, outputs = fold(history.events)

    monthly = {o.data.period for o in of_type(outputs, "DutyOverdue", duty_id=DUES)}
    assert monthly == set()  # January–March paid; none owed monthly from April
    assert of_type(before, "DutyFulfilled", duty_id=DUES, period="2018-04") == []
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=QUARTERLY_DUES)
    assert (overdue.data.period, overdue.data.due_on) == ("2018-Q2", date(2018, 7, 10))
    [late] = of_type(outputs, "DutyFulfilledLate", duty_id=QUARTERLY_DUES)
    assert late.data.period == "2018-Q2"
    assert len(late.data.evidence_event_ids) == 3
    assert [o.data.period for o in of_type(outputs, "DutyOverdue", duty_id=QUARTERLY_DUES)] == [
        "2018-Q2"
    ]  # Q3 unpaid is overdue only after 10 October


def test_without_consent_dues_stay_monthly() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 5, 11))
    _, outputs = fold(history.events)

    assert [o.data.period for o in of_type(outputs, "DutyOverdue", duty_id=DUES)] == [
        "2018-01",
        "2018-02",
        "2018-03",
        "2018-04",
    ]
    assert of_type(outputs, "DutyOverdue", duty_id=QUARTERLY_DUES) == []


# ── 学时 ──────────────────────────────────────────────────────────────────────


def test_candidate_training_is_credited_once_its_hours_reach_24() -> None:
    history = History()
    history.branch()
    history.add(
        make(
            members.CandidateDesignated,
            organization_id=BRANCH,
            person_id="s-1",
            designated_on=date(2018, 3, 1),
        ),
        date(2018, 3, 1),
    )
    _training(history, "s-1", "candidate_training", 16, date(2018, 4, 10))
    history.ticks(date(2018, 3, 1), date(2018, 5, 1))
    _, short = fold(history.events)
    _training(history, "s-1", "candidate_training", 8, date(2018, 5, 2))
    history.ticks(date(2018, 5, 2), date(2018, 6, 30))
    state, outputs = fold(history.events)

    duty = "branch.candidate_training.within_days"
    assert of_type(short, "DutyFulfilled", duty_id=duty) == []
    [fulfilled] = of_type(outputs, "DutyFulfilled", duty_id=duty)
    assert fulfilled.data.fulfilled_on == date(2018, 5, 2)
    [instance] = [i for i in state.units[BRANCH].instances() if i.duty_id == duty]
    assert instance.tally == Decimal(24)


def test_from_2020_a_secretary_needs_56_hours_a_year_summed_over_trainings() -> None:
    history = History()
    history.branch(term_ends_on=date(2022, 12, 31))
    for year in (2018, 2020):
        _training(history, SECRETARY, "secretary_training", 24, date(year, 4, 10))
        _training(history, SECRETARY, "secretary_training", 16, date(year, 9, 10))
    _training(history, SECRETARY, "secretary_training", 16, date(2020, 11, 10))
    history.ticks(date(2018, 1, 1), date(2021, 2, 2))
    _, outputs = fold(history.events)

    duty = "unit.secretary_training.yearly"
    done = of_type(outputs, "DutyFulfilled", duty_id=duty, person_id=SECRETARY)
    assert [(o.data.period, o.data.fulfilled_on) for o in done] == [
        ("2018", date(2018, 4, 10)),  # v1: any training of the year
        ("2020", date(2020, 11, 10)),  # v4: 24 + 16 + 16 = 56 学时
    ]
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=duty, person_id=SECRETARY)
    assert overdue.data.period == "2019"  # no training at all in 2019


def test_from_2020_each_member_owes_32_hours_a_year() -> None:
    history = History()
    history.branch(term_ends_on=date(2022, 12, 31))
    history.member("m-1", date(2019, 6, 1))
    history.member("m-2", date(2019, 6, 1))
    for person in ("m-1", "m-2"):
        _training(history, person, "member_rotation", 24, date(2020, 5, 10))
    _training(history, "m-1", "member_rotation", 8, date(2020, 10, 10))
    history.ticks(date(2019, 6, 1), date(2021, 2, 2))
    _, outputs = fold(history.events)

    duty = "member.training_hours.yearly"
    [done] = of_type(outputs, "DutyFulfilled", duty_id=duty)
    assert (done.data.member_id, done.data.period) == ("m-1", "2020")
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=duty)
    assert (overdue.data.member_id, overdue.data.period) == ("m-2", "2020")
    assert overdue.data.catalog_version == "v4"


# ── what the new rules keep is written: a crash and a restore change nothing ──────


def test_member_watches_facts_attendance_and_hours_survive_a_crash() -> None:
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.member("m-2", date(2018, 1, 1))
    _quarterly_from_april(history, date(2018, 1, 3))
    history.ticks(date(2018, 1, 1), date(2018, 1, 19))
    _lost(history, since=date(2018, 1, 1), on=date(2018, 1, 20))
    history.ticks(date(2018, 1, 20), date(2018, 2, 11))
    _attended(history, "m-2", date(2018, 2, 12))
    _training(history, "m-2", "member_rotation", 8, date(2018, 3, 2))
    history.ticks(date(2018, 2, 12), date(2018, 9, 3))
    events = history.events
    uninterrupted = stored_fold(events, 11, None)
    for crash_at in range(5, len(events), 22):  # mid-batch, one in every other batch
        assert stored_fold(events, 11, crash_at) == uninterrupted
    _, store, committed = uninterrupted
    unit = store[f"unit:{BRANCH}"]
    assert "watches" not in unit  # the lost-contact watch ran its days: none is left
    assert sum("may_suspend_membership" in output for output in committed) == 1
    assert unit["signals_began"] == {
        "member.art9.six_months_without_organizational_life": "2018-02"
    }
    assert store[f"member:{BRANCH}|m-1"]["facts"] == {"QuarterlyDuesApproved": "2018-04-01"}
