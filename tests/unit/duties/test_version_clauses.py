"""The catalog's and the policy's versions over time, clause by clause (audit).

Each test states its expected outcome BY HAND in its docstring, from the seed,
the national rule and the version's stated effective date, before it was run.
The rule the code states (contracts/catalog/versioning.py ``in_force``,
services/duties/domain/rules.py ``Rules.period_of``): a period is judged by the
catalog version in force on its FIRST day; a term running when a version takes
effect keeps its end; a new term takes the lengths in force when it began.

Versions (contracts/catalog/duty_catalog.v*.yaml):

- v1 2017-10-20 the seed; terms 党委 4 / 党总支 3 / 支部 2 years (pre-2018 rules);
  allowed lengths from 2017-10-24 (党章 2017 第三十条): 支部、总支 2–3 years.
- v2 2018-07-12 《关于党的基层组织任期的意见》: default terms 5 / 3 / 3.
- v3 2018-10-28 支部工作条例: national basis of the branch cadences; new yearly
  谈心谈话 (``branch.heart_to_heart_talk.yearly``, grace 31, lead 60) and the
  branch structure rules (3 full members, at most 50, a committee from 7).
- v4 2019-05-06 党员教育管理工作条例: ``unit.secretary_training.yearly`` needs 56
  学时 a year; new ``member.training_hours.yearly`` (32 学时, grace 31, lead 60);
  ``member.suspended.two_years`` (730 days after a suspension for lost contact).
- v5 2022-10-22 党章 2022 第三十一条: 支部、总支 terms 3–5 years.

Policy (contracts/policy/accountability_policy.v*.yaml): v1 2017-10-20 (问责条例
2016), v2 2019-09-01 (问责条例 2019: the responsible leading-group members are
held accountable with the organization).

Yearly figures: a year Y with grace 31 is due Y+1-01-31, reminded 60 days
before (Y-12-02), overdue on the Y+1-02-01 tick. A term is due on its last day,
reminded 180 days before (org.election.term, grace 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, members, structure
from contracts.events.accountability import AccountabilityAction, CriticismIssued
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from contracts.policy import POLICIES, policy_in_force
from services.duties.domain.state import DutyState
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts, on_their_days
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

HOURS = "member.training_hours.yearly"
TRAINING = "unit.secretary_training.yearly"
TALK = "branch.heart_to_heart_talk.yearly"
ELECTION = "org.election.term"
THEME = "branch.theme_party_day.monthly"
GENERAL = "branch.general_meeting.quarterly"
LIFE = "branch.organizational_life_meeting.yearly"
APPLICANT_TALK = "branch.applicant_talk.within_days"
BRANCH_RULES = "支部工作条例"

Fact = tuple[date, Payload]
#: (status event, period, person or member, day of the output)
Verdict = tuple[str, str, str | None, date]


def _statuses(
    outputs: Iterable[Envelope], duty: str, org: str, periods: Sequence[str] | None = None
) -> list[Verdict]:
    """Every duty status (reminders included) of ``duty`` for ``org``, in output order."""
    found: list[Verdict] = []
    for out in outputs:
        data = out.data
        if not isinstance(data, DutyStatus) or type(data).__name__ == "OrganizationFlagged":
            continue
        if data.duty_id != duty or data.organization_id != org:
            continue
        if periods is not None and data.period not in periods:
            continue
        who = data.member_id or data.person_id
        found.append((type(data).__name__, data.period, who, out.time.date()))
    return found


def _actions(
    measures: Iterable[Envelope], duty: str, periods: Sequence[str], org: str = "br-1"
) -> list[Any]:
    """The accountability actions of ``org``'s cases about ``duty`` for ``periods``."""
    return [
        m.data
        for m in measures
        if isinstance(m.data, AccountabilityAction)
        and m.data.duty_id == duty
        and m.data.period in periods
        and m.data.organization_id == org
    ]


def _member(member_id: str) -> members.MemberTransferredIn:
    return make(members.MemberTransferredIn, organization_id="br-1", member_id=member_id,
                member_name="张华", transferred_on=BEGINNING)  # fmt: skip


def _trained(person: str, kind: str, on: date, hours: int) -> activities.TrainingCompleted:
    return make(activities.TrainingCompleted, organization_id="br-1", person_id=person,
                kind=kind, completed_on=on, hours=hours)  # fmt: skip


def _duties(facts: Sequence[Fact], last: date) -> tuple[DutyState, list[Envelope]]:
    """The duties fold of :func:`a_branch` (cmt/p-cmt, gb-1/p-g1, br-1/p-1) and ``facts``."""
    return fold(on_their_days(a_branch(), BEGINNING, facts, last).events)


# ── 1. v4's 学时 (2019-05-06): 2019 under the old rule, 2020 under the new ─────────


def _training_facts(
    member: str, member_hours: tuple[int, int], secretary_hours: tuple[int, int]
) -> list[Fact]:
    """``member`` and the secretary ``p-1`` on br-1's roll from 2018-01-01; each trains
    on 06-10 of 2019 and 2020 for the hours given (member rotation / secretary training)."""
    facts: list[Fact] = [(BEGINNING, _member(member)), (BEGINNING, _member("p-1"))]
    for year, m_hours, s_hours in zip((2019, 2020), member_hours, secretary_hours, strict=True):
        day = date(year, 6, 10)
        facts.append((day, _trained(member, "member_rotation", day, m_hours)))
        facts.append((day, _trained("p-1", "secretary_training", day, s_hours)))
    return facts


def test_hours_of_2019_are_judged_without_minimum_and_2020_with_the_2019_regulation() -> None:
    """By hand. 党员教育管理工作条例 (v4, in force 2019-05-06): 党员每年集中学习培训不少于32学时,
    基层党组织书记和班子成员不少于56学时. The year 2019 began under v3 (in force 2019-01-01),
    so 2019 is judged by v3 (v4 header: 'they first apply to 2020'): no member owes 32
    hours for 2019, and the secretary's 2019 training (三、（三）开展党总支、党支部委员专题
    培训, v1–v3: any training, no minimum) is done by one training of any length.

    Member m-1: 20 h in 2019, 40 h in 2020. Secretary p-1 (also on the roll): 30 h in
    2019, 60 h in 2020 (secretary training, which v4 counts for the 32 too).

    Expected (br-1, periods 2019 and 2020):
    - unit.secretary_training.yearly p-1: 2019 DutyFulfilled on 2019-06-10 (v3, 30 h
      enough); 2020 DutyFulfilled on 2020-06-10 (v4, 60 ≥ 56).
    - member.training_hours.yearly: nothing for 2019 (not owed); 2020 DutyFulfilled on
      2020-06-10 for m-1 (40 ≥ 32) and for p-1 (60 ≥ 32).
    - No DutyDueSoon, no DutyOverdue for either duty, 2019 or 2020; hence no reminder,
      criticism or proposal about them for these years on br-1's cases (accountability
      fold). [Corrected after the first run: the filter first took every unit's cases and
      caught gb-1's secretary p-g1, who never trained and is rightly reminded and
      criticised for his own training; br-1's people are the subject here.]
    """
    facts = _training_facts("m-1", (20, 40), (30, 60))
    last = date(2021, 2, 5)
    _, outputs = _duties(facts, last)

    years = ("2019", "2020")
    assert _statuses(outputs, TRAINING, "br-1", years) == [
        ("DutyFulfilled", "2019", "p-1", date(2019, 6, 10)),
        ("DutyFulfilled", "2020", "p-1", date(2020, 6, 10)),
    ]
    assert sorted(_statuses(outputs, HOURS, "br-1")) == [
        ("DutyFulfilled", "2020", "m-1", date(2020, 6, 10)),
        ("DutyFulfilled", "2020", "p-1", date(2020, 6, 10)),
    ]
    measures = from_the_facts(a_branch(), BEGINNING, facts, last)
    assert _actions(measures, TRAINING, years) == []
    assert _actions(measures, HOURS, years) == []


def test_too_few_hours_in_2020_are_reminded_and_overdue_but_2019_is_not() -> None:
    """By hand (same rules as above). Member m-2: 20 h in 2019 and 20 h in 2020;
    secretary p-1 (on the roll): 30 h in 2019 and 30 h in 2020.

    Expected:
    - 2019: p-1's secretary training fulfilled on 2019-06-10 (v3, no minimum); nothing
      about member hours (not owed).
    - 2020 (v4): m-2 20 < 32 and p-1 30 < 32 → each reminded on 2020-12-02 (DutyDueSoon)
      and overdue on 2021-02-01 for member.training_hours.yearly; p-1's secretary
      training 30 < 56 → reminded 2020-12-02, overdue 2021-02-01.
    - Accountability: a member's own duty opens no organization's case (members never
      criticised by the ladder); p-1 is reminded (2020-12-02) and criticised (2021-02-01,
      policy v2) for the 2020 secretary training, naming p-1 alone; nothing for 2019.
      [Corrected after the first run: br-1's cases only, as above; gb-1's p-g1 never
      trained.]
    """
    facts = _training_facts("m-2", (20, 20), (30, 30))
    last = date(2021, 2, 2)
    _, outputs = _duties(facts, last)

    assert _statuses(outputs, TRAINING, "br-1", ("2019", "2020")) == [
        ("DutyFulfilled", "2019", "p-1", date(2019, 6, 10)),
        ("DutyDueSoon", "2020", "p-1", date(2020, 12, 2)),
        ("DutyOverdue", "2020", "p-1", date(2021, 2, 1)),
    ]
    assert sorted(_statuses(outputs, HOURS, "br-1")) == [
        ("DutyDueSoon", "2020", "m-2", date(2020, 12, 2)),
        ("DutyDueSoon", "2020", "p-1", date(2020, 12, 2)),
        ("DutyOverdue", "2020", "m-2", date(2021, 2, 1)),
        ("DutyOverdue", "2020", "p-1", date(2021, 2, 1)),
    ]
    measures = from_the_facts(a_branch(), BEGINNING, facts, last)
    assert _actions(measures, TRAINING, ("2019",)) == []
    about_2020 = [
        (type(a).__name__, a.person_ids, a.decided_on, a.policy_version)
        for a in _actions(measures, TRAINING, ("2020",))
    ]
    assert about_2020[:2] == [
        ("ReminderIssued", ["p-1"], date(2020, 12, 2), "v2"),
        ("CriticismIssued", ["p-1"], date(2021, 2, 1), "v2"),
    ]
    assert _actions(measures, HOURS, ("2019", "2020")) == []


def _suspended(member: str, on: date) -> members.MembershipSuspended:
    return make(members.MembershipSuspended, organization_id="br-1", member_id=member,
                suspended_on=on, reason="失去联系满六个月", ground="lost_contact")  # fmt: skip


def test_the_two_year_flag_after_a_suspension_goes_by_the_suspension_day() -> None:
    """By hand. v4 member.suspended.two_years (党员教育管理工作条例 第二十四条: 停止党籍2年后
    确实无法取得联系的，按照自行脱党予以除名; the system only flags), effective_from
    2019-05-06, 730 days from ``suspended_on``. The code's own principle (structure
    ``_terms``, evidence): facts are judged by their own dates, a late record (补录)
    changes nothing.

    m-1 suspended 2019-03-01, recorded that day; m-2 suspended 2019-03-01, recorded
    2019-06-01 (补录); m-3 suspended 2019-06-01, recorded that day.
    Expected: m-3 flagged (may_remove_from_party) on 2021-05-31 (2019-06-01 + 730 days);
    m-1 and m-2 alike: both suspended before the rule took effect, so neither is
    flagged (whether a pre-2019-05-06 suspension should be flagged at all is a
    judgement call; that the two are treated alike is not).
    """
    facts: list[Fact] = [(BEGINNING, _member(m)) for m in ("m-1", "m-2", "m-3")]
    facts += [
        (date(2019, 3, 1), _suspended("m-1", date(2019, 3, 1))),
        (date(2019, 6, 1), _suspended("m-2", date(2019, 3, 1))),
        (date(2019, 6, 1), _suspended("m-3", date(2019, 6, 1))),
    ]
    _, outputs = _duties(facts, date(2021, 6, 2))

    flags = {
        (o.data.member_id, o.data.situation.value, o.time.date())
        for o in of_type(outputs, "MemberSituationFlagged", duty_id="member.suspended.two_years")
    }
    assert flags == {("m-3", "may_remove_from_party", date(2021, 5, 31))}


# ── 2. v3's new duties (2018-10-28): 2018 owes none, 2019 does ─────────────────────


def _talk(on: date) -> activities.TalkHeld:
    return make(activities.TalkHeld, organization_id="br-1", kind="heart_to_heart",
                person_id="p-1", counterpart_id="m-9", held_on=on)  # fmt: skip


@pytest.mark.parametrize(
    ("talk_on", "expected_2019"),
    [
        (
            date(2018, 11, 15),
            [
                ("DutyDueSoon", "2019", "p-1", date(2019, 12, 2)),
                ("DutyOverdue", "2019", "p-1", date(2020, 2, 1)),
            ],
        ),
        (date(2019, 4, 1), [("DutyFulfilled", "2019", "p-1", date(2019, 4, 1))]),
    ],
    ids=["talk-in-late-2018-only", "talk-in-2019"],
)
def test_heart_to_heart_talks_are_owed_from_2019(
    talk_on: date, expected_2019: list[Verdict]
) -> None:
    """By hand. v3 branch.heart_to_heart_talk.yearly (支部工作条例 第十九条: 每年谈心谈话
    一般不少于1次), effective_from 2018-10-28, branch secretary/deputy/committee members;
    the year 2018 began under v1, so 2018 is not owed (catalog: 'owed from 2019, the
    first year it binds whole'); 2019 began under v3 and is owed.

    br-1's secretary p-1 (from 2018-01-01). Expected: no status at all for 2018 (no
    reminder on 2018-12-02, no overdue on 2019-02-01); a talk on 2018-11-15 counts for
    2018 only, not for 2019: then 2019 is reminded 2019-12-02 and overdue 2020-02-01
    (catalog v3); a talk on 2019-04-01 fulfils 2019 that day. gb-1 and cmt owe none
    (branches only). Accountability: nothing about 2018; in the first case p-1 alone is
    reminded (2019-12-02) and criticised (2020-02-01).
    """
    facts: list[Fact] = [(talk_on, _talk(talk_on))]
    last = date(2020, 2, 2)
    _, outputs = _duties(facts, last)

    assert _statuses(outputs, TALK, "br-1", ("2018",)) == []
    assert _statuses(outputs, TALK, "br-1", ("2019",)) == expected_2019
    assert _statuses(outputs, TALK, "gb-1") == _statuses(outputs, TALK, "cmt") == []
    versions = {
        o.data.catalog_version
        for o in outputs
        if isinstance(o.data, DutyStatus) and o.data.duty_id == TALK
    }
    assert versions == {"v3"}
    measures = from_the_facts(a_branch(), BEGINNING, facts, last)
    assert _actions(measures, TALK, ("2018",)) == []
    named = [(type(a).__name__, a.person_ids) for a in _actions(measures, TALK, ("2019",))]
    if expected_2019[-1][0] == "DutyOverdue":
        assert named[:2] == [("ReminderIssued", ["p-1"]), ("CriticismIssued", ["p-1"])]
    else:
        assert named == []


def test_branch_structure_flags_start_with_the_first_month_under_v3() -> None:
    """By hand. v3 structure rules (支部工作条例 2018, effective 2018-10-28), counted on
    each month's first day by the version in force that day: 有正式党员3人以上的，应当
    成立党支部; 正式党员7人以上的党支部，应当设立党支部委员会. Before v3 (v1/v2) there is
    no such rule, so no flag in 2018 before November.

    br-1 (a_branch) has 2 full members from 2018-01-01; br-2 (secretary p-2 only, no
    committee member) has 7 full members. Expected: exactly two OrganizationFlagged, both
    on 2018-11-01, catalog v3, to the higher organization gb-1: br-1
    too_few_full_members, br-2 committee_required; none before (2018-10-01 under v2).
    """
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-2", BEGINNING, category="faculty")
    facts: list[Fact] = [(BEGINNING, _member(m)) for m in ("m-1", "m-2")]
    for n in range(7):
        joined = make(members.MemberTransferredIn, organization_id="br-2", member_id=f"n-{n}",
                      member_name="李明", transferred_on=BEGINNING)  # fmt: skip
        facts.append((BEGINNING, joined))
    _, outputs = fold(on_their_days(history, BEGINNING, facts, date(2018, 12, 2)).events)

    flags = [
        (o.data.organization_id, o.data.situation.value, o.time.date(), o.data.catalog_version)
        for o in of_type(outputs, "OrganizationFlagged")
        if o.data.duty_id.startswith("branch.structure.")
    ]
    assert sorted(flags) == [
        ("br-1", "too_few_full_members", date(2018, 11, 1), "v3"),
        ("br-2", "committee_required", date(2018, 11, 1), "v3"),
    ]
    assert {o.data.higher_organization_id for o in of_type(outputs, "OrganizationFlagged")} == {
        "gb-1"
    }


# ── 3. Terms across v1 → v2 → v5 ───────────────────────────────────────────────


def _established(
    org: str, kind: str, on: date, term_ends_on: date | None, parent: str = GENERAL_BRANCH
) -> structure.OrganizationEstablished:
    fields: dict[str, Any] = {"term_ends_on": term_ends_on} if term_ends_on else {}
    return make(structure.OrganizationEstablished, organization_id=org, name=f"{org}党组织",
                kind=kind, category="faculty", parent_id=parent, established_on=on,
                **fields)  # fmt: skip


def _election(org: str, held_on: date, term_ends_on: date) -> structure.ElectionHeld:
    return make(structure.ElectionHeld, organization_id=org, held_on=held_on,
                term_ends_on=term_ends_on)  # fmt: skip


def _terms(state: DutyState, org: str) -> list[tuple[str, date, str, str]]:
    return [
        (i.period, i.due_on, i.catalog_version, i.status.value)
        for i in state.units[org].instances()
        if i.duty_id == ELECTION
    ]


def test_a_term_begun_under_the_pre_2018_rules_keeps_its_end_after_v2() -> None:
    """By hand. v1 settings.term_years (2018年以前: 党委4年、党总支3年、其他支部2年);
    v2 (2018-07-12, 任期意见: 5/3/3) applies to new terms only, 'terms already running
    keep their end date'. The log begins 2017-10-20 (v1).

    - br-old, a branch whose committee took office 2017-03-01 (established then, no
      term end recorded): 2 years → term ends 2019-02-28 (v1), unchanged by v2.
      Election owed by br-old on 2019-02-28: reminded on the 2018-09-01 tick (180 days
      before), overdue on the 2019-03-01 tick (none held), catalog v1.
    - gb-1, a general branch that took office 2017-03-01: 3 years → 2020-02-29 (v1).
    - br-new, a branch established 2018-08-01 (after v2): 3 years → 2021-07-31 (v2).
    No term flag for any of them (no election held; terms at establishment).
    """
    history = History()
    history.tick(date(2017, 10, 20))
    history.add(_established(GENERAL_BRANCH, "general_branch", date(2017, 3, 1), None,
                             parent="pc-university"), date(2017, 10, 20))  # fmt: skip
    history.add(_established("br-old", "branch", date(2017, 3, 1), None), date(2017, 10, 20))
    history.ticks(date(2017, 10, 21), date(2018, 8, 1))
    history.add(_established("br-new", "branch", date(2018, 8, 1), None), date(2018, 8, 1))
    history.ticks(date(2018, 8, 2), date(2019, 3, 2))
    state, outputs = fold(history.events)

    assert _terms(state, "br-old") == [("term:2019-02-28", date(2019, 2, 28), "v1", "overdue")]
    assert _terms(state, GENERAL_BRANCH) == [("term:2020-02-29", date(2020, 2, 29), "v1", "open")]
    assert _terms(state, "br-new") == [("term:2021-07-31", date(2021, 7, 31), "v2", "open")]
    assert _statuses(outputs, ELECTION, "br-old") == [
        ("DutyDueSoon", "term:2019-02-28", None, date(2018, 9, 1)),
        ("DutyOverdue", "term:2019-02-28", None, date(2019, 3, 1)),
    ]
    assert of_type(outputs, "OrganizationFlagged") == []


def test_terms_elected_2019_2021_2023_owe_their_elections_and_raise_their_flags() -> None:
    """By hand. Allowed lengths by the catalog in force on the election day:
    2019-01-10 (v3) and 2021-01-10 (v4) carry 党章 (2017-10-24) 第三十条 支部委员会每届
    任期两年或三年; 2023-01-10 (v5) 党章 (2022) 第三十一条 三年至五年. A term outside is
    kept as elected (never shortened) and flagged term_out_of_range to the parent.

    - br-19: term to 2019-01-10 (established 2016-01-11), reminded 2018-07-14 (180 days
      before), elected 2019-01-10 for 3 years (to 2022-01-09): fulfilled on 2019-01-10;
      no flag; next election owed 2022-01-09: reminded 2021-07-13, overdue on the
      2022-01-10 tick (none held). [Corrected after the first run: I had left out the
      2018-07-14 reminder of the expiring term, which the 180-day lead calls for.]
    - br-21: term to 2021-01-10, elected 2021-01-10 for 5 years (to 2026-01-09): flagged
      term_out_of_range on 2021-01-10 (catalog v4, higher gb-edu, citing 第三十条); the
      next election stays owed 2026-01-09: no reminder, no overdue by 2024-01-10. [After
      the first run, as for br-19: the expiring term's reminder on 2020-07-14 added.]
    - br-23: term to 2023-01-10, elected 2023-01-10 for 5 years (to 2028-01-09): no
      flag; new term v5, due 2028-01-09.
    - The first terms as established (成立) are judged too, by the rule in force on the
      establishment day: br-19's (from 2016-01-11) by none, the catalog carrying the 党章
      from 2017-10-24 only; br-21's and br-23's, from 2018-01-01 to 2021-01-10 and to
      2023-01-10, are longer than 第三十条's three years: flagged when recorded on
      2018-01-01 (catalog v1). [Added with the first-term check.]
    """
    history = History()
    history.tick(date(2018, 1, 1))
    for org, ends, since in [
        ("br-19", date(2019, 1, 10), date(2016, 1, 11)),
        ("br-21", date(2021, 1, 10), date(2018, 1, 1)),
        ("br-23", date(2023, 1, 10), date(2018, 1, 1)),
    ]:
        history.add(_established(org, "branch", since, ends), date(2018, 1, 1))
    elections = [
        ("br-19", date(2019, 1, 10), date(2022, 1, 9)),
        ("br-21", date(2021, 1, 10), date(2026, 1, 9)),
        ("br-23", date(2023, 1, 10), date(2028, 1, 9)),
    ]
    day = date(2018, 1, 2)
    for org, held, ends in elections:
        history.ticks(day, held)
        history.add(_election(org, held, ends), held, id=f"election-{org}")
        day = date.fromordinal(held.toordinal() + 1)
    history.ticks(day, date(2024, 1, 10))
    state, outputs = fold(history.events)

    assert _statuses(outputs, ELECTION, "br-19") == [
        ("DutyDueSoon", "term:2019-01-10", None, date(2018, 7, 14)),
        ("DutyFulfilled", "term:2019-01-10", None, date(2019, 1, 10)),
        ("DutyDueSoon", "term:2022-01-09", None, date(2021, 7, 13)),
        ("DutyOverdue", "term:2022-01-09", None, date(2022, 1, 10)),
    ]
    assert _statuses(outputs, ELECTION, "br-21") == [
        ("DutyDueSoon", "term:2021-01-10", None, date(2020, 7, 14)),
        ("DutyFulfilled", "term:2021-01-10", None, date(2021, 1, 10)),
    ]
    assert ("term:2026-01-09", date(2026, 1, 9), "v4", "open") in _terms(state, "br-21")
    assert ("term:2028-01-09", date(2028, 1, 9), "v5", "open") in _terms(state, "br-23")
    flags = [
        (o.data.organization_id, o.data.situation.value, o.data.period, o.data.catalog_version,
         o.data.higher_organization_id, o.time.date())
        for o in of_type(outputs, "OrganizationFlagged")
    ]  # fmt: skip
    assert flags == [
        ("br-21", "term_out_of_range", "term:2021-01-10", "v1", GENERAL_BRANCH, date(2018, 1, 1)),
        ("br-23", "term_out_of_range", "term:2023-01-10", "v1", GENERAL_BRANCH, date(2018, 1, 1)),
        ("br-21", "term_out_of_range", "term:2026-01-09", "v4", GENERAL_BRANCH, date(2021, 1, 10)),
    ]
    assert all("第三十条" in f.data.detail_zh for f in of_type(outputs, "OrganizationFlagged"))


@pytest.mark.parametrize(
    ("held_on", "ends", "flagged"),
    [
        (date(2022, 10, 21), date(2027, 10, 20), True),
        (date(2022, 10, 22), date(2027, 10, 21), False),
    ],
    ids=["day-before-v5", "v5-first-day"],
)
def test_a_five_year_branch_term_is_allowed_from_the_day_the_2022_constitution_applies(
    held_on: date, ends: date, flagged: bool
) -> None:
    """By hand. 党章 (2022) 第三十一条 adopted and in force 2022-10-22 (v5): a branch
    elected on 2022-10-22 for 5 years is within 3–5 years (no flag); one elected the
    day before, 2022-10-21, is under 党章 (2017) 第三十条 两年或三年 (v4): flagged
    term_out_of_range, the term kept to its recorded end."""
    history = History()
    history.tick(date(2022, 1, 1))
    history.add(_established("br-x", "branch", date(2019, 10, 21), date(2022, 10, 20)),
                date(2022, 1, 1))  # fmt: skip
    history.ticks(date(2022, 1, 2), held_on)
    history.add(_election("br-x", held_on, ends), held_on)
    state, outputs = fold(history.events)

    assert bool(of_type(outputs, "OrganizationFlagged", situation="term_out_of_range")) is flagged
    assert state.units["br-x"].term_ends_on == ends


# ── 4. A period straddling a version change: the first day's version governs ─────


def test_periods_straddling_a_version_switch_cite_the_first_day_s_version() -> None:
    """By hand. The version in force on a period's first day governs it, its figures
    and the clause cited (an overdue must not cite a rule that was not in force when the
    period began). A branch (secretary, committee member) that holds nothing:

    - 2018-10 theme party day (10-01 under v2; v3 from 10-28): v2, cites 两学一做, not
      支部工作条例; 2018-11 (v3): v3, cites 支部工作条例.
    - 2018-Q4 general meeting (10-01 under v2): v2, no 支部工作条例; 2019-Q1: v3, cites it.
    - 2018 organizational-life meeting (01-01 under v1): v1, no 支部工作条例; 2019: v3.
    - 2019-05 theme party day (05-01 under v3; v4 from 05-06): v3; 2019-06: v4.
    - The secretary's 2019 training (v3): cites no 56学时; 2020 (v4): cites 56学时.
    """
    history = History()
    history.branch(term_ends_on=date(2022, 12, 31))
    history.ticks(date(2018, 1, 1), date(2021, 2, 1))
    _, outputs = fold(history.events)

    cited = {
        (o.data.duty_id, o.data.period): (o.data.catalog_version, o.data.clause)
        for o in of_type(outputs, "DutyOverdue", organization_id=BRANCH)
    }

    def check(
        duty: str, period: str, version: str, cites: str | None, not_cites: str | None
    ) -> None:
        found_version, clause = cited[(duty, period)]
        assert found_version == version, (duty, period)
        if cites:
            assert cites in clause, (duty, period, clause)
        if not_cites:
            assert not_cites not in clause, (duty, period, clause)

    check(THEME, "2018-10", "v2", "两学一做", BRANCH_RULES)
    check(THEME, "2018-11", "v3", BRANCH_RULES, None)
    check(GENERAL, "2018-Q4", "v2", None, BRANCH_RULES)
    check(GENERAL, "2019-Q1", "v3", BRANCH_RULES, None)
    check(LIFE, "2018", "v1", None, BRANCH_RULES)
    check(LIFE, "2019", "v3", BRANCH_RULES, None)
    check(THEME, "2019-05", "v3", None, None)
    check(THEME, "2019-06", "v4", None, None)
    training = {
        o.data.period: (o.data.catalog_version, o.data.clause)
        for o in of_type(outputs, "DutyOverdue", duty_id=TRAINING, person_id=SECRETARY)
    }
    assert training["2019"][0] == "v3"
    assert "56" not in training["2019"][1]
    assert training["2020"][0] == "v4"
    assert "56学时" in training["2020"][1]


# ── 5. Accountability policy v1 → v2 (2019-09-01) ───────────────────────────────


def test_policy_v2_changes_only_who_is_charged_and_the_cited_regulation() -> None:
    """By hand. accountability_policy.v2.yaml (问责条例 2019, in force 2019-09-01)
    extends v1 and changes: settings.charge_leading_group_members false → true (对党组织
    问责的，应当同时对该党组织中负有责任的领导班子成员进行问责), the basis, and the national
    clause of rungs 3 and 4 (第八条). The ladder itself (rungs, order, triggers and
    thresholds, measures, rectification days, deciding bodies) is unchanged. v1 governs
    through 2019-08-31, v2 from 2019-09-01."""
    v1, v2 = POLICIES

    def ladder(policy: Any) -> list[tuple[Any, ...]]:
        return [
            (r.id, r.order, r.triggers, r.measures, r.rectification_days, r.decided_by)
            for r in policy.rungs
        ]

    assert ladder(v1) == ladder(v2)
    assert (v1.settings.charge_leading_group_members, v2.settings.charge_leading_group_members) == (
        False,
        True,
    )
    assert (v1.effective_from, v2.effective_from) == (date(2017, 10, 20), date(2019, 9, 1))
    assert policy_in_force(date(2019, 8, 31)).version == "v1"
    assert policy_in_force(date(2019, 9, 1)).version == "v2"
    changed = [r.id for r, s in zip(v1.rungs, v2.rungs, strict=True) if r.clause != s.clause]
    assert changed == ["notice_interview", "admonishment"]


def test_each_criticism_is_taken_under_the_policy_of_the_day_the_duty_was_missed() -> None:
    """By hand. Seed 四 提出批评，限期整改 (rung 2, automatic, on DutyOverdue). br-1
    (secretary p-1) holds nothing. Policy v1 until 2019-08-31; v2 from 2019-09-01 names
    the responsible leading-group members (the unit's secretary) with the organization.

    - 2019-Q2 general meeting (due 07-15): criticised 2019-07-16 under v1, no
      leading-group members named.
    - 2019-07 theme party day (due 08-07): criticised 2019-08-08 under v1, none named.
    - 2019-08 theme party day (due 09-07): reminded 2019-08-31 under v1 (a reminder
      never charges the leading group), criticised 2019-09-08 under v2 with
      leading_group_ids ["p-1"]: the case began under v1, but the failure (the
      deadline passing) happened under the 2019 regulation.
    """
    measures = from_the_facts(a_branch(), BEGINNING, [], date(2019, 9, 9))

    def taken(duty: str, period: str) -> list[tuple[str, date | None, str, list[str]]]:
        return [
            (type(a).__name__, a.decided_on, a.policy_version, a.leading_group_ids)
            for a in _actions(measures, duty, (period,))
            if type(a).__name__ in ("ReminderIssued", "CriticismIssued")
        ]

    assert taken(GENERAL, "2019-Q2")[-1] == ("CriticismIssued", date(2019, 7, 16), "v1", [])
    assert taken(THEME, "2019-07")[-1] == ("CriticismIssued", date(2019, 8, 8), "v1", [])
    assert taken(THEME, "2019-08") == [
        ("ReminderIssued", date(2019, 8, 31), "v1", []),
        ("CriticismIssued", date(2019, 9, 8), "v2", ["p-1"]),
    ]


def test_a_deadline_missed_under_policy_v1_is_not_judged_by_v2_when_found_on_its_first_day() -> (
    None
):
    """By hand (judgement call; see the report). 四 提出批评，限期整改; 收到入党申请书后一个
    月内派人谈话 (branch.applicant_talk.within_days, 30 days, grace 0). An application
    received by br-1 on 2019-08-01: the talk is due 2019-08-31 (v1 policy in force),
    reminded 2019-08-24; no talk is held, so the deadline passes under v1 and the miss is
    found on the 2019-09-01 tick. The failure was complete before 问责条例 2019 took
    effect, so the criticism should be taken under v1: policy_version v1 and no
    leading-group members named (the 2019 rule is not applied to a failure before it).
    """
    applied = make(members.AdmissionApplicationReceived, organization_id="br-1",
                   person_id="s-1", person_name="陈静", received_on=date(2019, 8, 1))  # fmt: skip
    facts: list[Fact] = [(date(2019, 8, 1), applied)]
    measures = from_the_facts(a_branch(), BEGINNING, facts, date(2019, 9, 2))

    [criticism] = [
        a.data
        for a in measures
        if isinstance(a.data, CriticismIssued) and a.data.duty_id == APPLICANT_TALK
    ]
    assert criticism.decided_on == date(2019, 9, 1)
    assert (criticism.policy_version, criticism.leading_group_ids) == ("v1", [])


def test_a_deadline_missed_under_policy_v1_but_recorded_against_a_new_parent_under_v2() -> None:
    """By hand (judgement call; see the report). 三、（三） 书记空缺及时配齐
    (unit.secretary_vacancy.filled, 90 days, charged to the parent). br-1's secretary p-1
    leaves on 2019-05-01: the vacancy is due 2019-07-30, reminded 06-30. br-1 was placed
    under gb-2 (secretary p-g2) on 2019-07-01, but the move is recorded only on
    2019-09-10 (补录). Until then gb-1 is reminded (06-30) and criticised (07-31) under
    policy v1. On 09-10 gb-2 is criticised for the overdue (the parent of the day
    answers: test_moved_unit). The failure — the deadline of 2019-07-30 passing — was
    complete under v1, before 问责条例 2019 took effect: expected policy_version v1 and
    no leading-group members named on gb-2's criticism too.
    """
    history = a_branch()
    history.unit("gb-2", "general_branch", "cmt", "p-g2", BEGINNING)
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2019, 5, 1))  # fmt: skip
    moved = make(structure.OrganizationReparented, organization_id="br-1", parent_id="gb-2",
                 reparented_on=date(2019, 7, 1))  # fmt: skip
    facts: list[Fact] = [(left.left_on, left), (date(2019, 9, 10), moved)]
    measures = from_the_facts(history, BEGINNING, facts, date(2019, 9, 12))

    criticisms = [
        (a.data.organization_id, a.data.decided_on, a.data.policy_version,
         a.data.person_ids, a.data.leading_group_ids)
        for a in measures
        if isinstance(a.data, CriticismIssued)
        and a.data.duty_id == "unit.secretary_vacancy.filled"
    ]  # fmt: skip
    assert criticisms == [
        ("gb-1", date(2019, 7, 31), "v1", ["p-g1"], []),
        ("gb-2", date(2019, 9, 10), "v1", ["p-g2"], []),
    ]
