"""A finding's case and the records of overdue duties, when units and holders change.

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
党委…督导检查，发现问题及时解决; 对思想上不重视、工作不得力的，要提出批评，限期整改; 对带
有普遍性的问题或特别突出的问题…通报…对相关责任人进行约谈 — the catalog
(``oversight.finding.rectified`` and ``oversight.self_check_finding.rectified``: due by
the finding's 整改期限, grace 0, a unit's duty its secretary answers for), the policy v1
(特别突出: three distinct works overdue within twelve months) and the project's rule "the
right party answers": every measure names the unit and the office holder(s) that owed
the duty at the time.

A finding's rectification (督导检查、自查发现的问题) is a duty like any other: its overdue
counts on the unit's record and on the record of each holder who owed it on its deadline
(one distinct work per finding), which the 特别突出 rule reads. What changes those
records for any other duty — a waiver (免除: the unit dissolved before the deadline,
recorded late), a leaving or an appointment recorded late (补录离任、补录任职) — changes
them for a finding alike, so that the records end as they would have had every fact been
recorded on its day (test_dissolved_unit, test_late_leaving, test_late_appointment).

The calendar (``a_branch()``: br-1 under gb-1 under cmt, secretary p-1): br-1 holds its
主题党日 (monthly, due the 7th of the next month) and its Q1 and Q2 支部党员大会 and 党课 in
time, but neither in Q3 (due 10-15, overdue 10-16). On 07-10 a problem is found (督导检查
by the department, or br-1's own 年度自查) with a deadline of 09-30, never accepted:
overdue on 10-01, criticised that day (四: 提出批评，限期整改 to 10-31); reminded 7
(inspection) or 14 (self-check) days before the deadline.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import structure
from contracts.events.accountability import (
    AccountabilityAction,
    CaseResolved,
    ResponsiblePersonsCorrected,
)
from contracts.events.base import Payload
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.state import Ledger
from services.common.ids import case_id
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days, through_both
from tests.unit.accountability.finding_year import (
    FOUND,
    INSPECTION,
    SELF_CHECK,
    Fact,
    Found,
    both_folds,
    finding,
    held,
    rows,
    works,
)
from tests.unit.duties.builders import make, of_type

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
LECTURE = "branch.party_lecture.quarterly"
THEME_DAY = "branch.theme_party_day.monthly"
RECORDED_LATE = date(2018, 10, 10)
#: The tick that sends the 特别突出 proposals reached on 10-16 (the Q3 meeting and 党课).
SENT = date(2018, 10, 17)
ON_ITS_DAY, LATE = "on its day", "late"
BOTH = pytest.mark.parametrize("found", [INSPECTION, SELF_CHECK], ids=["inspection", "self_check"])


def _year(found: Found, last_theme_day: int) -> list[Fact]:
    """br-1's meetings (:func:`held`) and the finding."""
    return [*held(last_theme_day), (FOUND, finding(found))]


def _left(on: date) -> Payload:
    return make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=on)  # fmt: skip


def _appointed(on: date) -> Payload:
    return make(structure.OfficeHolderAppointed, organization_id="br-1", person_id="p-2",
                person_name="李强", office="secretary", appointed_on=on)  # fmt: skip


def _prominent(outputs: list[Envelope]) -> list[tuple[str, list[str], date]]:
    """br-1's 特别突出 proposals: (case, persons named, day sent)."""
    return [
        (e.data.case_id, e.data.person_ids, e.time.date())
        for e in outputs
        if e.type == "zeren.AccountabilityProposed"
        and isinstance(e.data, AccountabilityAction)
        and e.data.organization_id == "br-1"
        and "prominent" in [str(g) for g in e.data.grounds]
    ]


@BOTH
def test_a_finding_waived_by_a_dissolution_recorded_late_leaves_the_records(
    found: Found,
) -> None:
    """br-1 is dissolved (撤销) on 09-20, before the finding's deadline (09-30); the
    dissolution is recorded only on 10-10 (补录). br-1 holds its 主题党日 up to August.

    By hand: on what was registered, the finding's deadline passed unrectified: overdue on
    10-01, criticised that day naming p-1 (四: 提出批评，限期整改); so was September's 主题党日
    (due 10-07: overdue 10-08). The record of 10-10 shows that neither fell due while br-1
    existed: the duties service waives both (DutyWaived, 党组织已撤销), as it does every duty
    falling due on or after the day of dissolution (test_dissolved_unit: the day decides,
    not the order of recording). The finding's case is resolved on 10-10 naming p-1
    (该项责任已免除), and, as for the 主题党日, its overdue leaves br-1's record and p-1's:
    both end empty, as if the dissolution had been recorded on its day (nothing of br-1's
    was ever overdue then). Before the fix the finding's overdue stayed on both records.
    """
    _, number, duty_id, reminded = found
    dissolved = make(structure.OrganizationDissolved, organization_id="br-1",
                     dissolved_on=date(2018, 9, 20))  # fmt: skip
    duty_outputs, outputs, ledger = both_folds([*_year(found, 8), (RECORDED_LATE, dissolved)])
    key = case_id("finding", "br-1", number)

    [waived] = of_type(duty_outputs, "DutyWaived", duty_id=duty_id)
    assert "党组织已撤销" in (waived.data.reason or "")
    assert of_type(duty_outputs, "DutyWaived", duty_id=THEME_DAY, period="2018-09")
    assert rows(outputs, key) == [
        ("ReminderIssued", ["p-1"], reminded),
        ("CriticismIssued", ["p-1"], date(2018, 10, 1)),
        ("CaseResolved", ["p-1"], RECORDED_LATE),
    ]
    [resolved] = [e.data for e in outputs if isinstance(e.data, CaseResolved)
                  and e.data.case_id == key]  # fmt: skip
    assert "该项责任已免除" in resolved.text_zh, resolved.text_zh
    assert works(ledger, "br-1") == works(ledger, "br-1|p-1") == set()
    listed = [o.case_id for g in ledger.groups.values() for o in g.overdue.get("br-1", [])]
    assert key not in listed


def _late_leaving(found: Found, order: str) -> list[Fact]:
    """p-1 left on 09-10 and p-2 (李强) took office on 09-15: both before the finding's
    deadline; recorded on their days, or both on 10-10, the leaving first."""
    leaving, appointment = _left(date(2018, 9, 10)), _appointed(date(2018, 9, 15))
    if order == ON_ITS_DAY:
        return [*_year(found, 11), (date(2018, 9, 10), leaving), (date(2018, 9, 15), appointment)]
    return [*_year(found, 11), (RECORDED_LATE, leaving), (RECORDED_LATE, appointment)]


@BOTH
@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_leaving_recorded_late_moves_the_finding_s_overdue_to_the_successor(
    found: Found, order: str
) -> None:
    """p-1 left br-1's secretaryship on 09-10 and p-2 (李强) took it on 09-15, before the
    finding's deadline (09-30): p-2 owed the rectification when it passed unrectified.

    By hand, recorded on their days: the reminder (09-23, or 09-16 for the self-check),
    the criticism of 10-01 and, 10-31 passing unrectified, 通报、约谈 proposed on 11-01
    (四, 限期未整改) name p-2. The finding's overdue counts on br-1's record and p-2's, not
    p-1's. On 10-16 the Q3 meeting and 党课 (owed by p-2 on 10-15) make three distinct works
    br-1 let pass within twelve months (特别突出, 四: 通报、约谈 of 相关责任人): proposed on
    each of the two Q3 cases, naming p-2, who owed all three.

    Recorded late (10-10, the leaving first), as test_late_leaving has it for any other
    duty: the reminder and the criticism named p-1 (the registry's secretary then); on
    10-10 the finding's case stops naming p-1 (责任人更正: 到期（2018年9月30日）时不在任)
    and then names p-2 (任职…时在任); the proposal of 11-01 names p-2. The finding's
    overdue leaves p-1's record (he did not owe it on its deadline) and counts on p-2's:
    the records and the 特别突出 proposals of 10-16 end as recorded on their days. Before
    the fix p-1's record kept the finding, p-2's lacked it, and the 特别突出 proposals
    named nobody (p-2 had let two works pass on his record, not three).

    CORRECTED after running (my slip on dates, the on-time order): a 特别突出 proposal is
    dated the day the count was reached (10-16) and sent with the next day's tick: its
    envelope's time is 10-17 (test_case_steps_recording_order).
    """
    _, number, _, reminded = found
    _, outputs, ledger = both_folds(_late_leaving(found, order))
    key = case_id("finding", "br-1", number)

    if order == ON_ITS_DAY:
        assert rows(outputs, key) == [
            ("ReminderIssued", ["p-2"], reminded),
            ("CriticismIssued", ["p-2"], date(2018, 10, 1)),
            ("AccountabilityProposed", ["p-2"], date(2018, 11, 1)),
        ]
    else:
        assert rows(outputs, key) == [
            ("ReminderIssued", ["p-1"], reminded),
            ("CriticismIssued", ["p-1"], date(2018, 10, 1)),
            ("ResponsiblePersonsCorrected", [], RECORDED_LATE),
            ("ResponsiblePersonsCorrected", ["p-2"], RECORDED_LATE),
            ("AccountabilityProposed", ["p-2"], date(2018, 11, 1)),
        ]
        corrected = [e.data for e in outputs if isinstance(e.data, ResponsiblePersonsCorrected)]
        withdrawn, added = [data for data in corrected if data.case_id == key]
        assert "到期（2018年9月30日）时不在任" in withdrawn.text_zh, withdrawn.text_zh
        assert "李强（p-2）已于2018年9月15日任职" in added.text_zh, added.text_zh
    expected = {key, MEETING, LECTURE}
    assert works(ledger, "br-1") == works(ledger, "br-1|p-2") == expected
    assert works(ledger, "br-1|p-1") == set()
    q3 = sorted(duty_case_id("br-1", work, "2018-Q3") for work in (MEETING, LECTURE))
    assert sorted(_prominent(outputs)) == [(k, ["p-2"], SENT) for k in q3]


@BOTH
def test_an_appointment_recorded_late_charges_the_successor_with_the_finding(
    found: Found,
) -> None:
    """p-1 left on 09-01 (recorded that day); p-2 (李强) took office on 09-15, recorded only
    on 10-10 (补录任职), after the finding's overdue.

    By hand, as test_late_appointment has it for any other duty: on what was registered
    the office was vacant, so the reminder and the criticism of 10-01 name nobody; on 10-10
    the finding's case names p-2 and says so (责任人更正: 经登记，李强（p-2）已于2018年9月15日
    任职，该项责任到期（2018年9月30日）时在任，本案以其为责任人), and the finding's overdue
    counts on p-2's record. The Q3 meeting and 党课 (due 10-15, overdue 10-16) name p-2,
    whose appointment is known by then: three distinct works on br-1's record and p-2's,
    so 特别突出 is proposed on 10-16 on each Q3 case naming p-2; the proposal of 11-01
    (限期未整改) names p-2. p-1, gone before the deadline, has no record of the finding.
    Before the fix p-2's record lacked the finding and the 特别突出 proposals named nobody.
    (The 特别突出 proposals dated 10-16 are sent with 10-17's tick: see above.)
    """
    _, number, _, reminded = found
    facts = [*_year(found, 11), (date(2018, 9, 1), _left(date(2018, 9, 1))),
             (RECORDED_LATE, _appointed(date(2018, 9, 15)))]  # fmt: skip
    _, outputs, ledger = both_folds(facts)
    key = case_id("finding", "br-1", number)

    assert rows(outputs, key) == [
        ("ReminderIssued", [], reminded),
        ("CriticismIssued", [], date(2018, 10, 1)),
        ("ResponsiblePersonsCorrected", ["p-2"], RECORDED_LATE),
        ("AccountabilityProposed", ["p-2"], date(2018, 11, 1)),
    ]
    [added] = [e.data for e in outputs if isinstance(e.data, ResponsiblePersonsCorrected)
               and e.data.case_id == key]  # fmt: skip
    said = "李强（p-2）已于2018年9月15日任职，该项责任到期（2018年9月30日）时在任，本案以其为责任人"
    assert said in added.text_zh, added.text_zh
    expected = {key, MEETING, LECTURE}
    assert works(ledger, "br-1") == works(ledger, "br-1|p-2") == expected
    assert works(ledger, "br-1|p-1") == set()
    q3 = sorted(duty_case_id("br-1", work, "2018-Q3") for work in (MEETING, LECTURE))
    assert sorted(_prominent(outputs)) == [(k, ["p-2"], SENT) for k in q3]


def test_the_self_check_s_overdue_follows_a_leaving_recorded_late() -> None:
    """The yearly self-check (年度自查, 四: 开展基层党建工作责任制落实情况检查) is one case per
    unit and year, though each question is a duty of its own (``self_check.q10``…): its
    overdue is listed in the group of each question let pass, none keyed by the case's.

    br-1 answers none of its 2018 questions (due 2019-01-31 after the grace: overdue
    2019-02-01, criticised naming p-1). p-1 left on 2019-01-10 and p-2 (李强) took office
    on 01-15, both recorded on 02-10 (补录). By hand, as for any other duty
    (test_late_leaving): on 02-10 the self-check's case stops naming p-1 and names p-2;
    the self-check leaves p-1's record and counts on p-2's; br-1's keeps it.

    Written after an exploratory run showed the base leaving the self-check on p-1's
    record and off p-2's (the same lookup as a finding's case: ``self_check|2018``, a
    group that does not exist).
    """
    facts: list[Fact] = [(date(2019, 2, 10), _left(date(2019, 1, 10))),
                         (date(2019, 2, 10), _appointed(date(2019, 1, 15)))]  # fmt: skip
    ledger = Ledger.empty(1)
    history = on_their_days(a_branch(), BEGINNING, facts, date(2019, 2, 28))
    _, outputs = through_both(history, ledger)
    key = duty_case_id("br-1", "self_check.q10", "2018")
    assert [(kind, persons) for kind, persons, _ in rows(outputs, key)] == [
        ("ReminderIssued", ["p-1"]),
        ("CriticismIssued", ["p-1"]),
        ("AccountabilityProposed", ["p-1"]),
        ("ResponsiblePersonsCorrected", []),
        ("ResponsiblePersonsCorrected", ["p-2"]),
    ]
    overdue = (date(2019, 2, 1), "self_check")
    assert overdue in ledger.overdue["br-1"]
    assert overdue in ledger.overdue["br-1|p-2"]
    assert overdue not in ledger.overdue["br-1|p-1"]
