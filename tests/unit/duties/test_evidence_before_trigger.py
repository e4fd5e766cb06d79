"""Evidence recorded before its trigger (先于触发事实记录的佐证) still fulfils the duty.

A within-days duty (限期事项) is opened by a trigger fact and fulfilled by evidence
correlated to it. The registry may record the trigger late (补录): the appointment
after the contact point the new 党委委员 took, the application after the talk held
with the applicant. What was done is done: when the trigger is recorded, the duty it
opens is fulfilled by the evidence already in the log, as of the evidence's own day,
never found overdue (a false overdue is a wrong verdict against a real person).

Every expectation below was written by hand from the rule cited, before the code was
run. The rules (with the catalog entries that state them):

- 沪开大委〔2017〕48号 三、（八） 建立党委成员抓基层党支部工作联系点制度
  (``committee_member.contact_point.assigned``): a 党委成员 takes a contact point within
  90 days of the appointment (counted from ``appointed_on``, no grace, reminded 30
  days before).
- 《中国共产党发展党员工作细则》（2014）第六条 党组织收到入党申请书后，应当在一个月内派人
  同入党申请人谈话 (``branch.applicant_talk.within_days``): 30 days from the receipt
  (``received_on``), no grace, reminded 7 days before; a talk before the application
  was received is no talk with an applicant.
- 同 细则 第四章 对发展对象进行短期集中培训 ... 不少于24个学时，各次培训学时累计计算
  (``branch.candidate_training.within_days``): 90 days from the designation, the
  trainings' hours added up.
- 四 督导检查 ... 发现问题及时解决, 限期整改 (``oversight.finding.rectified``): a finding
  is rectified by its ``rectification_deadline``; a problem number (问题编号) is the
  unit's own, so one unit's accepted rectification answers only its own finding.
- 《中国共产党党员教育管理工作条例》（2019）第二十五条 (``member.away.transfer``): a member
  away at a fixed place for 6 months transfers membership (183 days from ``since``,
  30 days' grace).

The log: the committee ``cmt``, its general branch ``gb-1`` and branch ``br-1``
(:func:`a_branch`) from 2018-01-01, ticked daily; each fact below is logged on the day
it is recorded, its envelope dated the day it happened.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, members, oversight, structure
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from services.duties.domain.documents import entries, restore
from tests.placement import placed_logs
from tests.unit.accountability.builders import BEGINNING, a_branch
from tests.unit.duties.builders import History, fold, make, of_type, stored_fold

pytestmark = pytest.mark.unit

ASSIGNED = "committee_member.contact_point.assigned"
TALK = "branch.applicant_talk.within_days"
TRAINING = "branch.candidate_training.within_days"
RECTIFIED = "oversight.finding.rectified"
TRANSFER = "member.away.transfer"
STATUSES = ("DutyDueSoon", "DutyOverdue", "DutyFulfilled", "DutyFulfilledLate", "DutyWaived")

#: (day recorded, day it happened, fact)
Fact = tuple[date, date, Payload]
#: (status event, due_on, fulfilled_on or None)
Verdict = tuple[str, date, date | None]


# ── builders ──────────────────────────────────────────────────────────────────────


def _appointed(person: str, on: date, office: str = "committee_member") -> Payload:
    return make(structure.OfficeHolderAppointed, organization_id="cmt", person_id=person,
                person_name=f"{person}同志", office=office, appointed_on=on)  # fmt: skip


def _assigned(person: str, on: date, branch: str = "br-1") -> Payload:
    return make(activities.ContactPointAssigned, organization_id=branch, person_id=person,
                assigned_on=on)  # fmt: skip


def _application(person: str, received: date, org: str = "br-1") -> Payload:
    return make(members.AdmissionApplicationReceived, organization_id=org, person_id=person,
                person_name="陈静", received_on=received)  # fmt: skip


def _talk(counterpart: str, held: date, org: str = "br-1") -> Payload:
    return make(activities.TalkHeld, organization_id=org, kind="applicant_talk",
                person_id="p-1", counterpart_id=counterpart, held_on=held)  # fmt: skip


def _designated(person: str, on: date) -> Payload:
    return make(members.CandidateDesignated, organization_id="br-1", person_id=person,
                designated_on=on)  # fmt: skip


def _trained(person: str, on: date, hours: int) -> Payload:
    return make(activities.TrainingCompleted, organization_id="br-1", person_id=person,
                kind="candidate_training", hours=hours, completed_on=on)  # fmt: skip


def _finding(org: str, finding_id: str, found: date, deadline: date) -> Payload:
    return make(oversight.InspectionFindingRecorded, organization_id=org, finding_id=finding_id,
                question=18, description="记录不全", found_on=found,
                rectification_deadline=deadline)  # fmt: skip


def _accepted(org: str, finding_id: str, on: date) -> Payload:
    return make(oversight.RectificationAccepted, organization_id=org, finding_id=finding_id,
                accepted_on=on)  # fmt: skip


def _went_away(member: str, since: date) -> Payload:
    return make(members.MemberWentAway, organization_id="br-1", member_id=member, since=since,
                destination="新疆喀什（援疆）", place="fixed")  # fmt: skip


def _transferred_in(member: str, on: date) -> Payload:
    return make(members.MemberTransferredIn, organization_id="br-1", member_id=member,
                member_name="张华", transferred_on=on)  # fmt: skip


def _transferred_out(member: str, on: date) -> Payload:
    return make(members.MemberTransferredOut, organization_id="br-1", member_id=member,
                to_organization="某街道党委", transferred_on=on)  # fmt: skip


def _base() -> History:
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-2", BEGINNING, category="faculty")
    return history


def _events(facts: Sequence[Fact], last: date) -> list[tuple[Envelope, int]]:
    """The base log and ``facts``, each logged on the day recorded between daily ticks
    from 2018-01-01 to ``last``, its envelope dated the day it happened."""
    history, day = _base(), BEGINNING
    for recorded, happened, fact in sorted(facts, key=lambda f: f[0]):
        history.ticks(day, recorded)
        history.add(fact, happened)
        day = date.fromordinal(recorded.toordinal() + 1)
    history.ticks(day, last)
    return history.events


def _verdicts(
    outputs: Sequence[Envelope], duty_id: str, org: str | None = None, **fields: Any
) -> list[Verdict]:
    """(status, due_on, fulfilled_on) of the duty's status events, in order."""
    return [
        (o.type.removeprefix("zeren."), o.data.due_on, getattr(o.data, "fulfilled_on", None))
        for o in outputs
        if isinstance(o.data, DutyStatus)
        and o.type.removeprefix("zeren.") in STATUSES
        and o.data.duty_id == duty_id
        and (org is None or o.data.organization_id == org)
        and all(getattr(o.data, k) == v for k, v in fields.items())
    ]


def _outputs(facts: Sequence[Fact], last: date) -> list[Envelope]:
    return fold(_events(facts, last))[1]


def _kept(facts: Sequence[Fact], last: date, event_id: str) -> bool:
    """Whether the stored state documents, after the fold to ``last``, still name
    ``event_id`` (kept in memory, or in an instance's evidence)."""
    state, _ = fold(_events(facts, last))
    return event_id in json.dumps(entries(state), default=str)


# ── (a) 联系点: assigned before the appointment is recorded ──────────────────────────


def test_a_contact_point_recorded_before_the_appointment_fulfils_it_in_time() -> None:
    """三、（八）. p-n became 委员 of cmt on 2018-03-01; the contact point (br-1) was assigned
    on 03-20 and recorded that day; the registry records the appointment only on 04-10
    (补录). By hand: due 2018-05-30 (03-01 + 90 days); the assignment of 03-20 is in
    time: DutyFulfilled on 04-10 (when the appointment opens the duty), fulfilled on
    03-20, caused by the appointment, with the assignment as its evidence; no reminder
    (due 04-30, after the fulfilment) and never overdue."""
    facts: list[Fact] = [
        (date(2018, 3, 20), date(2018, 3, 20), _assigned("p-n", date(2018, 3, 20))),
        (date(2018, 4, 10), date(2018, 3, 1), _appointed("p-n", date(2018, 3, 1))),
    ]
    outputs = _outputs(facts, date(2018, 8, 1))
    assert _verdicts(outputs, ASSIGNED, person_id="p-n") == [
        ("DutyFulfilled", date(2018, 5, 30), date(2018, 3, 20))
    ]
    [done] = of_type(outputs, "DutyFulfilled", duty_id=ASSIGNED)
    assert done.data.cause_event_id.startswith("OfficeHolderAppointed")
    assert [e.split("-")[0] for e in done.data.evidence_event_ids] == ["ContactPointAssigned"]
    assert done.data.charged_person_ids == ["p-n"]


# ── (b), (d) 入党申请人谈话: the talk recorded before the application ──────────────────


#: The applicant talk's deadline for an application received on 2018-03-01 (30 days).
DUE = date(2018, 3, 31)


@pytest.mark.parametrize(
    ("held", "recorded", "expected"),
    [
        (date(2018, 3, 10), date(2018, 3, 25), ("DutyFulfilled", DUE, date(2018, 3, 10))),
        (date(2018, 4, 15), date(2018, 5, 10),
         ("DutyFulfilledLate", date(2018, 5, 17), date(2018, 4, 15))),
    ],
    ids=["in time (b)", "after the month (d)"],
)  # fmt: skip
def test_a_talk_recorded_before_the_application_fulfils_it(
    held: date, recorded: date, expected: Verdict
) -> None:
    """细则 第六条. s-1's application was received on 2018-03-01 and is recorded late (补录);
    the talk with s-1 was recorded on the day it was held, before that. The talk is due
    by 03-31 (03-01 + 30 days). By hand:

    - (b) talk on 03-10, application recorded on 03-25: within the month: DutyFulfilled
      on 03-25, fulfilled on 03-10; never reminded (the duty opens fulfilled after its
      reminder day, 03-24) nor overdue.
    - (d) talk on 04-15, after the month, application recorded on 05-10: the talk was
      late: DutyFulfilledLate on 05-10, fulfilled on 04-15, never DutyFulfilled (it was
      not in time) and no overdue found after it (it is done). Recorded after its
      deadline, the application gives the duty a respite from 05-10 (its 7 days' reminder
      lead, test_late_triggers): the instance is due 05-17.
    """
    facts: list[Fact] = [
        (held, held, _talk("s-1", held)),
        (recorded, date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _verdicts(outputs, TALK) == [expected]


def test_candidate_trainings_recorded_before_the_designation_add_up() -> None:
    """细则 第四章: 24 hours at least, the trainings added up. s-3 was designated a
    candidate on 2018-03-01, recorded on 04-20 (补录); s-3 trained 16 hours on 03-20 and 8
    on 04-10, each recorded that day. By hand: due 2018-05-30 (03-01 + 90 days); 16 + 8 =
    24 hours reached on 04-10, in time: DutyFulfilled on 04-20, fulfilled on 04-10, both
    trainings its evidence; never overdue."""
    facts: list[Fact] = [
        (date(2018, 3, 20), date(2018, 3, 20), _trained("s-3", date(2018, 3, 20), 16)),
        (date(2018, 4, 10), date(2018, 4, 10), _trained("s-3", date(2018, 4, 10), 8)),
        (date(2018, 4, 20), date(2018, 3, 1), _designated("s-3", date(2018, 3, 1))),
    ]
    outputs = _outputs(facts, date(2018, 8, 1))
    assert _verdicts(outputs, TRAINING) == [("DutyFulfilled", date(2018, 5, 30), date(2018, 4, 10))]
    [done] = of_type(outputs, "DutyFulfilled", duty_id=TRAINING)
    assert len(done.data.evidence_event_ids) == 2


def test_a_transfer_recorded_before_the_member_went_away_fulfils_it() -> None:
    """条例 第二十五条. m-1 went away to a fixed place on 2018-02-01 (recorded on 06-10,
    补录) and transferred membership out on 06-01 (recorded that day). By hand: due
    2018-09-02 (02-01 + 183 days = 08-03, plus 30 days' grace); the transfer of 06-01 is
    in time: DutyFulfilled on 06-10, fulfilled on 06-01; never overdue."""
    facts: list[Fact] = [
        (date(2018, 1, 10), date(2018, 1, 10), _transferred_in("m-1", date(2018, 1, 10))),
        (date(2018, 6, 1), date(2018, 6, 1), _transferred_out("m-1", date(2018, 6, 1))),
        (date(2018, 6, 10), date(2018, 2, 1), _went_away("m-1", date(2018, 2, 1))),
    ]
    outputs = _outputs(facts, date(2018, 12, 31))
    assert _verdicts(outputs, TRANSFER) == [("DutyFulfilled", date(2018, 9, 2), date(2018, 6, 1))]


# ── (c) evidence dated before the trigger's day: a talk is none, a 联系点 stands ────────


def test_a_talk_held_before_the_application_was_received_does_not_count() -> None:
    """细则 第六条: the talk is held after receiving the application. A talk with s-1 on
    2018-02-20 (recorded that day); s-1's application received on 03-01, recorded 03-05.
    By hand: the talk of 02-20 is not the talk the application asks for: nothing
    fulfils the duty, reminded on 03-24, overdue on 04-01 (due 03-31)."""
    facts: list[Fact] = [
        (date(2018, 2, 20), date(2018, 2, 20), _talk("s-1", date(2018, 2, 20))),
        (date(2018, 3, 5), date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _verdicts(outputs, TALK) == [
        ("DutyDueSoon", date(2018, 3, 31), None),
        ("DutyOverdue", date(2018, 3, 31), None),
    ]


def test_a_contact_point_assigned_before_the_appointment_day_counts_from_it() -> None:
    """三、（八）: a 党委成员 has a contact point within 90 days of becoming one; an
    assignment dated at most those 90 days before the appointment still stands on its
    day (test_contact_point_before_office). p-n took br-1 as a contact point on
    2018-02-15 (recorded that day) and became 委员 on 03-01 (recorded 03-10). By hand:
    fulfilled as of 03-01, in time (due 05-30), on 03-10; never reminded nor overdue.
    (Before, an assignment predating the appointment did not count: reminded on 04-30,
    overdue on 05-31, although p-n had a contact point.)"""
    facts: list[Fact] = [
        (date(2018, 2, 15), date(2018, 2, 15), _assigned("p-n", date(2018, 2, 15))),
        (date(2018, 3, 10), date(2018, 3, 1), _appointed("p-n", date(2018, 3, 1))),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _verdicts(outputs, ASSIGNED, person_id="p-n") == [
        ("DutyFulfilled", date(2018, 5, 30), date(2018, 3, 1))
    ]


# ── (e) the evidence credits only the instance correlated to it ─────────────────────


def test_another_applicant_s_talk_does_not_count() -> None:
    """细则 第六条: the talk is with the applicant. A talk with s-2 on 2018-03-10 (recorded
    that day); s-1's application received 03-01 (recorded 03-15) and s-2's received 03-05
    (recorded 03-20). By hand: s-2's duty (due 04-04) is fulfilled on 03-20, on 03-10;
    s-1's (due 03-31) is never fulfilled: overdue on 04-01 (reminded on 03-24)."""
    facts: list[Fact] = [
        (date(2018, 3, 10), date(2018, 3, 10), _talk("s-2", date(2018, 3, 10))),
        (date(2018, 3, 15), date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 20), date(2018, 3, 5), _application("s-2", date(2018, 3, 5))),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _verdicts(outputs, TALK) == [
        ("DutyFulfilled", date(2018, 4, 4), date(2018, 3, 10)),
        ("DutyDueSoon", date(2018, 3, 31), None),
        ("DutyOverdue", date(2018, 3, 31), None),
    ]


def test_a_unit_s_rectification_answers_its_own_finding_only() -> None:
    """四 限期整改; a problem number is the unit's own. br-2's rectification of its problem
    zc-18 is accepted on 2018-04-10 (recorded that day). Both branches' findings numbered
    zc-18 were found on 04-01 and recorded late: br-1's (deadline 04-30) on 04-12, br-2's
    (deadline 05-15) on 04-20. By hand: br-2's is fulfilled on 04-20, on 04-10, in time;
    br-1's is rectified by nothing: reminded on 04-23 (7 days before), overdue on
    05-01."""
    facts: list[Fact] = [
        (date(2018, 4, 10), date(2018, 4, 10), _accepted("br-2", "zc-18", date(2018, 4, 10))),
        (date(2018, 4, 12), date(2018, 4, 1),
         _finding("br-1", "zc-18", date(2018, 4, 1), date(2018, 4, 30))),
        (date(2018, 4, 20), date(2018, 4, 1),
         _finding("br-2", "zc-18", date(2018, 4, 1), date(2018, 5, 15))),
    ]  # fmt: skip
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _verdicts(outputs, RECTIFIED, "br-2") == [
        ("DutyFulfilled", date(2018, 5, 15), date(2018, 4, 10))
    ]
    assert _verdicts(outputs, RECTIFIED, "br-1") == [
        ("DutyDueSoon", date(2018, 4, 30), None),
        ("DutyOverdue", date(2018, 4, 30), None),
    ]


# ── (f) a restart loses nothing ─────────────────────────────────────────────────────


def _contact_point_recorded_first() -> list[tuple[Envelope, int]]:
    facts: list[Fact] = [
        (date(2018, 3, 20), date(2018, 3, 20), _assigned("p-n", date(2018, 3, 20))),
        (date(2018, 4, 10), date(2018, 3, 1), _appointed("p-n", date(2018, 3, 1))),
    ]
    return _events(facts, date(2018, 8, 1))


def test_evidence_kept_before_a_save_is_credited_after_a_restore() -> None:
    """As (a), but the service saves its state after the assignment is recorded (03-20)
    and restarts from the saved documents before the appointment is recorded (04-10).
    By hand: the same verdict as without the restart: fulfilled in time (due 05-30) on
    03-20, never overdue."""
    events = _contact_point_recorded_first()
    split = 1 + next(n for n, (env, _) in enumerate(events) if env.type.endswith("Assigned"))
    saved, before = fold(events[:split])
    restored = restore(json.loads(json.dumps(entries(saved), default=str)))
    _, after = fold(events[split:], state=restored)
    assert _verdicts([*before, *after], ASSIGNED, person_id="p-n") == [
        ("DutyFulfilled", date(2018, 5, 30), date(2018, 3, 20))
    ]


def test_a_crash_between_the_evidence_and_its_trigger_changes_nothing() -> None:
    """Folded in committed batches of 7 events, with a crash mid-batch after the
    assignment's batch was committed and before the appointment: the documents and
    outputs are those of the run without a crash, and the duty is fulfilled."""
    events = _contact_point_recorded_first()
    assigned = next(n for n, (env, _) in enumerate(events) if env.type.endswith("Assigned"))
    crash_at = (assigned // 7 + 1) * 7 + 3  # the assignment's batch is committed
    crashed = stored_fold(events, 7, crash_at)
    assert crashed == stored_fold(events, 7, None)
    fulfilled = [json.loads(o) for o in crashed[2] if '"zeren.DutyFulfilled"' in o]
    assert [o["data"]["duty_id"] for o in fulfilled].count(ASSIGNED) == 1


# ── what is kept, and for how long ──────────────────────────────────────────────────


def test_a_talk_no_application_follows_is_let_go_after_its_time() -> None:
    """A talk with s-9 on 2018-03-10 and no application of s-9 ever recorded. An
    application received by 03-10 is due by 04-09 at the latest, and an instance due
    then is archived (settled) once two months have passed. By hand: the talk is still
    kept on 2018-04-30 (an application received in March could yet be recorded), and no
    longer on 2018-09-01."""
    facts: list[Fact] = [(date(2018, 3, 10), date(2018, 3, 10), _talk("s-9", date(2018, 3, 10)))]
    talk_id = _events(facts, date(2018, 3, 10))[-1][0].id
    assert _kept(facts, date(2018, 4, 30), talk_id)
    assert not _kept(facts, date(2018, 9, 1), talk_id)


def test_a_second_contact_point_of_a_sitting_member_is_not_kept() -> None:
    """p-cmt, the committee's secretary since 2018-01-01, takes br-1 as a contact point on
    2018-01-20 (fulfilling the duty the appointment opened) and br-2 on 03-10. Appointed
    again while sitting, p-cmt owes no second contact point (``_already_subject``): no
    appointment can open a duty the second assignment would fulfil. By hand: the first
    is the fulfilled duty's evidence; nothing keeps the second."""
    facts: list[Fact] = [
        (date(2018, 1, 20), date(2018, 1, 20), _assigned("p-cmt", date(2018, 1, 20))),
        (date(2018, 3, 10), date(2018, 3, 10), _assigned("p-cmt", date(2018, 3, 10), "br-2")),
    ]
    events = _events(facts, date(2018, 3, 10))
    first, second = [env.id for env, _ in events if env.type.endswith("Assigned")]
    assert _kept(facts, date(2018, 3, 11), first)
    assert not _kept(facts, date(2018, 3, 11), second)


def test_under_subtree_placement_the_committee_s_partition_alone_keeps_it() -> None:
    """As (a), with the log written under subtree placement (docs/scale-out.md): the
    committee is folded on partition 0, br-1 on partition 1, and the assignment, evidence
    of a deadline duty found by a person, reaches both. By hand: partition 0 fulfils p-n's
    contact point in time (due 05-30, on 03-20) when the appointment is recorded; neither
    partition finds it overdue; partition 1, where no appointment to the committee can
    open the duty, keeps nothing of the assignment."""
    history = _base()
    assigned = history.add(_assigned("p-n", date(2018, 3, 20)), date(2018, 3, 20))
    history.add(_appointed("p-n", date(2018, 3, 1)), date(2018, 4, 10))
    logs = placed_logs([env for env, _ in history.events], 2, BEGINNING, date(2018, 8, 1))
    folds = {p: fold((env, p) for env in log) for p, log in logs.items()}
    assert _verdicts(folds[0][1], ASSIGNED, person_id="p-n") == [
        ("DutyFulfilled", date(2018, 5, 30), date(2018, 3, 20))
    ]
    assert _verdicts(folds[1][1], ASSIGNED, person_id="p-n") == []
    assert assigned.id not in json.dumps(entries(folds[1][0]), default=str)
