"""Accountability lanes weigh a parent charged on several partitions as one (issue 26).

Expected outcomes, written from the seed and the catalog before running. The committee
``cmt`` (secretary ``p-cmt``) is folded on partition 0, its general branch ``gb-edu`` on
partition 1; both are established on 2018-01-01 and record nothing more. Three duties
fall due 90 days on (due 04-01, overdue on 04-02), each criticised that day (四:
提出批评，限期整改):

- 为院（系）配备专职组织员 (问题清单第27题) and 党总支设立督导员 (四: 在党总支层面设立督导员
  制度, 第31题), owed by the committee about the general branch (charged to the parent),
  folded on partition 1, its secretary ``p-cmt`` answering;
- 党委委员确定基层联系点 (三、（八）, 第34题), ``p-cmt``'s own duty (个人职责), folded on
  partition 0.

By the end of 04-02 the committee has let three distinct works pass within twelve
months, and so has ``p-cmt`` (their own, and the two they answered for): 特别突出 (四:
对…特别突出的问题…通报…约谈). Each of the three cases is proposed for 通报、约谈, dated
04-02, sent with the 04-03 tick: the two about the general branch by partition 1's lane
(该单位…3项), the contact point by partition 0's (该同志…3项). Folded apart without
telling each other, partition 1 counts two works and partition 0 one, and nothing is
proposed.

普遍性 likewise: three general branches, ``gb-a`` and ``gb-c`` folded on partition 1 and
``gb-b`` on partition 0, hold no 党总支会议 in January 2018 (monthly, due 02-07, each
criticised on 02-08). Three of the three units owing it let it pass (四: 带有普遍性的问题;
policy v1: at least 30 % and at least three units), so once every partition has passed
02-08, on 02-09, each of the three cases is proposed for 通报、约谈 (普遍性), naming its
own secretary. Apart, partition 1 counts two units and partition 0 one: none.

A decision (问责决定) on the committee's case about the general branch: on 04-20 the
organization department records 通报 for ``p-cmt`` (四: 通报、约谈, the department's to
decide) on the 为院（系）配备专职组织员 case. The committee is its subject, but the case is
kept on the general branch's partition: the event names the unit the case is about
(``subject_organization_id``), the registry places it there too, and only that
partition's duties lane forwards it. Partition 1's lane takes the measure on its case
(``NoticeCirculated`` naming ``p-cmt``), partition 0's does nothing, as one fold of both
partitions decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import zip_longest

from contracts.bindings import encode_binary
from contracts.envelope import Envelope
from contracts.events.accountability import (
    AccountabilityProposed,
    CriticismIssued,
    NoticeCirculated,
)
from contracts.events.base import Payload
from contracts.events.enums import Ground
from contracts.events.oversight import AccountabilityDecided
from services.accountability.domain.decide import decide
from services.accountability.domain.measures import Emitted
from services.accountability.domain.queries import award_eligibility, merged
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.lanes import decide_in_lanes
from tests.placement import placed_logs
from tests.unit.duties.builders import History, fold, make

PARTITIONS = 2
ORGANIZER, SUPERVISOR, CONTACT_POINT = (
    "general_branch.organizer.appointed",
    "general_branch.supervisor.appointed",
    "committee_member.contact_point.assigned",
)


def _duty_topic(
    general_branches: tuple[str, ...] = ("gb-edu",),
    last: date = date(2018, 4, 3),
    later: Iterable[tuple[date, Payload]] = (),
) -> dict[int, list[Envelope]]:
    """Each partition of the duties topic: the duties fold of that partition alone, with
    the ``later`` facts recorded on their days."""
    history = History()
    on = date(2018, 1, 1)
    history.unit("cmt", "party_committee", None, "p-cmt", on)
    for unit in general_branches:
        history.unit(unit, "general_branch", "cmt", f"p-{unit}", on)
    for day, fact in later:
        history.add(fact, day)
    logs = placed_logs([env for env, _ in history.events], PARTITIONS, on, last)
    return {p: fold((env, p) for env in log)[1] for p, log in logs.items()}


def _proposals(decided: list[tuple[int, Envelope]]) -> list[tuple[int, str | None, str, str]]:
    """(lane, duty, persons, the count of works in the text) of each 特别突出 proposal."""
    found = []
    for lane, env in decided:
        data = env.data
        if isinstance(data, AccountabilityProposed) and Ground.PROMINENT in data.grounds:
            assert data.organization_id == "cmt"
            assert data.decided_on == date(2018, 4, 2)
            assert env.time.date() == date(2018, 4, 3)
            count = data.text_zh[data.text_zh.index("近期") - 3 : data.text_zh.index("项不同")]
            found.append((lane, data.duty_id, ",".join(data.person_ids), count))
    return sorted(found)


def test_lanes_count_what_the_committee_let_pass_on_every_partition() -> None:
    decided = [(lane, out.envelope) for lane, out in decide_in_lanes(_duty_topic(), PARTITIONS)]
    assert _proposals(decided) == [
        (0, CONTACT_POINT, "p-cmt", "该同志近期逾期未完成3"),
        (1, ORGANIZER, "p-cmt", "该单位近期逾期未完成3"),
        (1, SUPERVISOR, "p-cmt", "该单位近期逾期未完成3"),
    ]


def _interleaved(streams: dict[int, list[Envelope]]) -> Iterator[tuple[int, int, Envelope]]:
    """(partition, offset, event) of both partitions, read in turn."""
    for records in zip_longest(*(enumerate(streams[p]) for p in range(PARTITIONS))):
        for p, record in enumerate(records):
            if record is not None:
                yield p, *record


def _single(streams: dict[int, list[Envelope]]) -> list[Emitted]:
    """The duties topic folded by one ledger over both partitions, in the sequencer's order."""
    ledger, single = Ledger.empty(PARTITIONS), []
    for p, offset, env in _interleaved(streams):
        single += decide(ledger, Delivery(p, env, offset))[1]
    return single


def _as_bytes(outputs: Iterable[tuple[int, Emitted]]) -> Counter[tuple[int, bytes]]:
    """Each output's partition and bytes (what the day's close decides cites the tick of
    the case's partition, whichever partition's tick completed the day)."""
    return Counter((lane, encode_binary(out.envelope)[1]) for lane, out in outputs)


def test_lanes_decide_as_one_fold_of_every_partition() -> None:
    """The same decisions as one fold of both partitions, each from the same partition."""
    streams = _duty_topic()
    single = _single(streams)
    lanes = decide_in_lanes(streams, PARTITIONS)
    assert _as_bytes((out.partition, out) for out in single) == _as_bytes(lanes)
    assert len(_proposals([(out.partition, out.envelope) for out in single])) == 3


def test_lanes_count_the_units_owing_a_duty_on_every_partition() -> None:
    streams = _duty_topic(("gb-a", "gb-b", "gb-c"), date(2018, 2, 9))
    proposed, lanes = [], list(decide_in_lanes(streams, PARTITIONS))
    for lane, out in lanes:
        data = out.envelope.data
        if isinstance(data, AccountabilityProposed):
            assert data.grounds == [Ground.WIDESPREAD]
            assert (data.duty_id, data.period) == ("general_branch.meeting.monthly", "2018-01")
            assert data.decided_on == date(2018, 2, 9)
            assert "全校3个应完成该项工作的单位中有3个逾期未完成" in data.text_zh
            proposed.append((lane, data.organization_id, data.person_ids))
    assert sorted(proposed) == [
        (0, "gb-b", ["p-gb-b"]),
        (1, "gb-a", ["p-gb-a"]),
        (1, "gb-c", ["p-gb-c"]),
    ]
    single = _single(streams)
    assert _as_bytes((out.partition, out) for out in single) == _as_bytes(lanes)


def test_a_decision_on_the_committee_s_case_is_taken_where_the_case_is_kept() -> None:
    case_id = _committee_case()
    decided = make(AccountabilityDecided, organization_id="cmt", subject_organization_id="gb-edu",
                   case_id=case_id, decision_id="zzb-2018-9", decided_by="organization_department",
                   meeting="组织部2018年第9期通报", decided_on=date(2018, 4, 20),
                   measures=["notice"], person_ids=["p-cmt"])  # fmt: skip
    streams = _duty_topic(last=date(2018, 4, 21), later=[(date(2018, 4, 20), decided)])
    forwarded = [p for p in streams for env in streams[p] if env.data == decided]
    assert forwarded == [1]  # placed on both partitions, forwarded where the case is
    lanes = list(decide_in_lanes(streams, PARTITIONS))
    notices = [(lane, out.envelope.data) for lane, out in lanes
               if isinstance(out.envelope.data, NoticeCirculated)]  # fmt: skip
    assert [(lane, n.case_id, n.person_ids, n.decided_on) for lane, n in notices] == [
        (1, case_id, ["p-cmt"], date(2018, 4, 20))
    ]
    assert "为院（系）配备专职组织员" in notices[0][1].text_zh
    single = _single(streams)
    assert _as_bytes((out.partition, out) for out in single) == _as_bytes(lanes)


def _committee_case() -> str:
    """The id of the committee's 为院（系）配备专职组织员 case about ``gb-edu``."""
    (case_id,) = {
        out.envelope.data.case_id
        for _, out in decide_in_lanes(_duty_topic(), PARTITIONS)
        if isinstance(out.envelope.data, CriticismIssued) and out.envelope.data.duty_id == ORGANIZER
    }
    return case_id


def test_a_decision_naming_the_wrong_subject_is_taken_neither_in_lanes_nor_in_one_fold() -> None:
    """Expected by hand: on 04-20 the department records 通报 for ``p-cmt`` on the
    committee's case about ``gb-edu``, but names the committee itself as 所涉单位 (a slip).
    The registry places it on the committee's partition, 0, only; partition 0's duties
    lane forwards it. One fold of both partitions finds the case and, the unit named not
    being the one the case is about, notes it and takes nothing (the right party
    answers). Partition 0's lane does not hold the case (it is kept on partition 1): it
    must not open a case of its own under that id and take the measure there. So: no 通报
    (``NoticeCirculated``) anywhere, and the lanes emit what one fold emits."""
    decided = make(AccountabilityDecided, organization_id="cmt", subject_organization_id="cmt",
                   case_id=_committee_case(), decision_id="zzb-2018-9",
                   decided_by="organization_department", meeting="组织部2018年第9期通报",
                   decided_on=date(2018, 4, 20), measures=["notice"],
                   person_ids=["p-cmt"])  # fmt: skip
    streams = _duty_topic(last=date(2018, 4, 21), later=[(date(2018, 4, 20), decided)])
    assert [p for p in streams for env in streams[p] if env.data == decided] == [0]
    lanes = list(decide_in_lanes(streams, PARTITIONS))
    assert not [out for _, out in lanes if isinstance(out.envelope.data, NoticeCirculated)]
    single = _single(streams)
    assert _as_bytes((out.partition, out) for out in single) == _as_bytes(lanes)


def test_the_lanes_merged_answer_the_eligibility_query_as_one_fold() -> None:
    """Expected by hand: on 04-20 the committee decides, at one meeting, to take the
    year's award eligibility (四: 取消党组织及其负责人年度评优评先资格) on each of the
    three cases: the two about ``gb-edu`` (kept on partition 1) and ``p-cmt``'s own
    contact point (partition 0). ``cmt`` and ``p-cmt`` each lose it three times, once
    per case, all on 04-20. The query over the three lanes' ledgers merged lists the same
    revocations, in the same order, as over one fold of both partitions: by day decided,
    then case, then event, whichever partition decided first."""
    cases = {
        out.envelope.data.case_id: out.envelope.data.duty_id or ""
        for _, out in decide_in_lanes(_duty_topic(), PARTITIONS)
        if isinstance(out.envelope.data, CriticismIssued)
    }
    decisions = [
        (date(2018, 4, 20),
         make(AccountabilityDecided, organization_id="cmt",
              subject_organization_id="cmt" if duty == CONTACT_POINT else "gb-edu",
              case_id=case, decision_id=f"dw-2018-4-{n}", decided_by="party_committee",
              meeting="党委常委会2018年第4次会议", decided_on=date(2018, 4, 20),
              measures=["award_eligibility_revoked"], person_ids=["p-cmt"]))
        for n, (case, duty) in enumerate(sorted(cases.items(), key=lambda c: c[1]))
    ]  # fmt: skip
    streams = _duty_topic(last=date(2018, 4, 21), later=decisions)
    ledgers: dict[int, Ledger] = {}
    list(decide_in_lanes(streams, PARTITIONS, ledgers=ledgers))
    single = Ledger.empty(PARTITIONS)
    for p, offset, env in _interleaved(streams):
        decide(single, Delivery(p, env, offset))
    expected = award_eligibility(single, 2018)
    assert [len(o["revocations"]) for o in expected["organizations"]] == [3]
    assert [len(p["revocations"]) for p in expected["persons"]] == [3]
    assert award_eligibility(merged(ledgers, PARTITIONS), 2018) == expected


def test_a_lane_restored_after_any_record_decides_as_one_that_never_stopped() -> None:
    """What a lane keeps (the overdue duties still to weigh, the other lanes' parts, the
    keys it has yet to tell) survives a restart at any record."""
    for streams in (_duty_topic(), _duty_topic(("gb-a", "gb-b", "gb-c"), date(2018, 2, 9))):
        uninterrupted = _as_bytes(decide_in_lanes(streams, PARTITIONS))
        assert _as_bytes(decide_in_lanes(streams, PARTITIONS, restarted=True)) == uninterrupted
