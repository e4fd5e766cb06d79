"""A flag withdrawn by a leaving recorded late (补录), in lanes as in one fold.

Expected outcomes, written before running (docs/scale-out.md: partitions folded apart
decide as one fold does): the committee cmt (partition 0 under subtree placement) and
two general branches, gb-a (partition 1) and gb-b (the emptier partition then, 0), each
with a branch; m-1 in br-a, m-2 in br-b, both from 2018-01-01, each paying January's
dues only. m-1 transferred out on 02-01 and m-2's membership was suspended on 03-10,
both recorded on 08-15. On 08-01 each is flagged to his branch (党章第九条, since
02-01); on 08-15 both flags are withdrawn, each kept in its branch's lane, saying why.
The transfer out is read on every partition (the evidence of a member duty), and is
forwarded from its branch's home only: one withdrawal. Merged, the lanes' ledgers list
the same flags, standing and withdrawn, as one fold of both partitions.
"""

from __future__ import annotations

from datetime import date
from itertools import zip_longest

import pytest

from contracts.envelope import Envelope
from contracts.events import members
from services.accountability.domain import queries
from services.accountability.domain.decide import decide
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.lanes import decide_in_lanes
from tests.placement import placed_logs
from tests.unit.duties.builders import History, fold, make

pytestmark = pytest.mark.unit

PARTITIONS = 2
ON = date(2018, 1, 1)


def _duty_topic() -> dict[int, list[Envelope]]:
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", ON)
    for gb, br, member in (("gb-a", "br-a", "m-1"), ("gb-b", "br-b", "m-2")):
        history.unit(gb, "general_branch", "cmt", f"p-{gb}", ON)
        history.unit(br, "branch", gb, f"p-{br}", ON, category="faculty")
        history.member(member, ON, org=br)
        dues = make(members.DuesPaid, organization_id=br, member_id=member, month="2018-01",
                    amount="30.00", paid_on=date(2018, 1, 15))  # fmt: skip
        history.add(dues, date(2018, 1, 15))
    out = make(members.MemberTransferredOut, organization_id="br-a", member_id="m-1",
               to_organization="某街道党委", transferred_on=date(2018, 2, 1))  # fmt: skip
    suspended = make(members.MembershipSuspended, organization_id="br-b", member_id="m-2",
                     suspended_on=date(2018, 3, 10), reason="失去联系")  # fmt: skip
    history.add(out, date(2018, 8, 15))
    history.add(suspended, date(2018, 8, 15))
    logs = placed_logs([env for env, _ in history.events], PARTITIONS, ON, date(2018, 8, 31))
    return {p: fold((env, p) for env in log)[1] for p, log in logs.items()}


def _shown(ledger: Ledger) -> list[tuple[str, str | None, date, date | None, str | None]]:
    return [
        (f.organization_id, f.member_id, f.flagged_on, f.withdrawn_on, f.withdrawn_zh)
        for f in queries.list_flags(ledger, member=True)
    ]


def test_lanes_withdraw_the_flags_as_one_fold_does() -> None:
    streams = _duty_topic()
    single = Ledger.empty(PARTITIONS)
    for records in zip_longest(*(enumerate(streams[p]) for p in range(PARTITIONS))):
        for p, record in enumerate(records):
            if record is not None:
                decide(single, Delivery(p, record[1], record[0]))
    ledgers: dict[int, Ledger] = {}
    list(decide_in_lanes(streams, PARTITIONS, ledgers=ledgers))

    expected = _shown(single)
    assert [(org, member, on, gone) for org, member, on, gone, _ in expected] == [
        ("br-a", "m-1", date(2018, 8, 1), date(2018, 8, 15)),
        ("br-b", "m-2", date(2018, 8, 1), date(2018, 8, 15)),
    ]
    assert "2018年2月1日转出组织关系" in (expected[0][4] or "")
    assert "2018年3月10日停止党籍" in (expected[1][4] or "")
    assert queries.list_flags(single, standing=True) == []
    assert _shown(queries.merged(ledgers, PARTITIONS)) == expected
    kept_in = {lane: sorted(ledger.flags) for lane, ledger in ledgers.items()}
    assert sorted(unit for units in kept_in.values() for unit in units) == ["br-a", "br-b"]
