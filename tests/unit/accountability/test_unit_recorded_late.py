"""A branch established before it was recorded (补录), from the facts to the measures.

Expected outcomes, written from the seed and the catalog before running. br-2, a faculty
branch of gb-1 with its secretary ``p-9``, was established on 2018-01-01, but the log
first has it on 2018-04-20. Until then it could record nothing: the registry refuses
any fact about an organization it does not know. By that day the deadlines of five of
its duties had passed: 主题党日 for January, February and March (三会一课 and 主题党日:
monthly, 7 days of grace, due 02-07, 03-07, 04-07) and the first quarter's 支部党员大会
and 党课 (quarterly, 15 days of grace, due 04-15).

Judging them overdue on the day the branch is recorded would criticise it (四: 提出
批评，限期整改) for what it had no way to show, and three distinct works overdue at once
would propose 通报、约谈 against ``p-9`` as 特别突出. Before the change both happened on
04-20. Instead each duty gets its own grace again, counted from the day the branch was
recorded, as when a period ends: the 主题党日 are due on 04-27, the meeting and the
lecture on 05-05.

- br-2 records nothing: it is reminded at once; the three 主题党日 are overdue and
  criticised on 04-28; the meeting and the lecture on 05-06, and with them three
  distinct works are overdue within twelve months, so 通报、约谈 is proposed for both
  (特别突出), sent when 05-06 has closed (05-07). When the month given to the
  主题党日 passes (05-28), 通报、约谈 is proposed for each of them (限期未整改); the
  meeting's and the lecture's (06-05) add nothing new: already proposed.
- br-2 records its meetings on 04-25, each dated in its own period: every one is done in
  time; the reminders are followed by the cases' end (办结) that day, and nothing else.
"""

from __future__ import annotations

from datetime import date

from contracts.events import structure
from contracts.events.accountability import AccountabilityAction
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.accountability.builders import BEGINNING, a_branch
from tests.unit.duties.builders import fold, make

RECORDED = date(2018, 4, 20)
THEME_DAY, MEETING, LECTURE = (
    "branch.theme_party_day.monthly",
    "branch.general_meeting.quarterly",
    "branch.party_lecture.quarterly",
)
EARLY = {(THEME_DAY, "2018-01"), (THEME_DAY, "2018-02"), (THEME_DAY, "2018-03"),
         (MEETING, "2018-Q1"), (LECTURE, "2018-Q1")}  # fmt: skip


def _measures(meetings_recorded: date | None) -> list[tuple[str, str | None, str | None, date]]:
    """(action, duty, period, day) of br-2's measures about the five early duties."""
    history = a_branch()
    history.ticks(BEGINNING, RECORDED - date.resolution)
    established = make(structure.OrganizationEstablished, organization_id="br-2",
                       name="br-2党组织", kind="branch", category="faculty", parent_id="gb-1",
                       established_on=BEGINNING, term_ends_on=date(2020, 12, 31))  # fmt: skip
    history.add(established, RECORDED)
    history.appoint("br-2", "p-9", "secretary", BEGINNING)
    if meetings_recorded is None:
        history.ticks(RECORDED, date(2018, 6, 30))
    else:
        history.ticks(RECORDED, meetings_recorded)
        for kind, held_on in [
            ("theme_party_day", date(2018, 1, 20)),
            ("theme_party_day", date(2018, 2, 20)),
            ("theme_party_day", date(2018, 3, 20)),
            ("branch_general_meeting", date(2018, 3, 10)),
            ("party_lecture", date(2018, 3, 15)),
        ]:
            history.meeting(kind, held_on, org="br-2", recorded=meetings_recorded)
        history.ticks(meetings_recorded + date.resolution, date(2018, 6, 30))
    _, outputs = fold(history.events)
    ledger = Ledger.empty(1)
    measures = []
    for offset, env in enumerate(outputs):
        for out in fold_case(ledger, Delivery(0, env, offset)):
            data = out.envelope.data
            assert isinstance(data, AccountabilityAction)
            if data.organization_id == "br-2" and (data.duty_id, data.period) in EARLY:
                kind = out.envelope.type.removeprefix("zeren.")
                measures.append((kind, data.duty_id, data.period, out.envelope.time.date()))
    return measures


def test_a_branch_recorded_late_is_judged_after_a_grace_from_that_day() -> None:
    measures = _measures(None)
    by_day = sorted(measures, key=lambda m: (m[3], m[0] != "CriticismIssued", m[1], m[2]))
    assert [m for m in by_day if m[0] != "ReminderIssued"] == [
        ("CriticismIssued", THEME_DAY, "2018-01", date(2018, 4, 28)),
        ("CriticismIssued", THEME_DAY, "2018-02", date(2018, 4, 28)),
        ("CriticismIssued", THEME_DAY, "2018-03", date(2018, 4, 28)),
        ("CriticismIssued", MEETING, "2018-Q1", date(2018, 5, 6)),
        ("CriticismIssued", LECTURE, "2018-Q1", date(2018, 5, 6)),
        ("AccountabilityProposed", MEETING, "2018-Q1", date(2018, 5, 7)),
        ("AccountabilityProposed", LECTURE, "2018-Q1", date(2018, 5, 7)),
        ("AccountabilityProposed", THEME_DAY, "2018-01", date(2018, 5, 29)),
        ("AccountabilityProposed", THEME_DAY, "2018-02", date(2018, 5, 29)),
        ("AccountabilityProposed", THEME_DAY, "2018-03", date(2018, 5, 29)),
    ]
    reminded = {(duty, period) for kind, duty, period, day in measures if kind == "ReminderIssued"}
    assert reminded == EARLY
    assert all(day <= date(2018, 4, 21) for kind, *_, day in measures if kind == "ReminderIssued")


def test_a_branch_recorded_late_that_records_its_meetings_in_the_grace_is_not_criticised() -> None:
    measures = _measures(date(2018, 4, 25))
    ended = {(duty, period) for kind, duty, period, day in measures
             if kind == "CaseResolved" and day == date(2018, 4, 25)}  # fmt: skip
    assert ended == EARLY
    assert {kind for kind, *_ in measures} == {"ReminderIssued", "CaseResolved"}
