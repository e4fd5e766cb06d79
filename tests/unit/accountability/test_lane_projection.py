"""The accountability lane as the service runs it (issue 26): records in, a held tick, the
parts read from the other lanes' stored documents, outbox rows out.

The histories are those of ``test_lanes.py`` (expected outcomes written there from the
seed: 特别突出 across partitions, 普遍性 three of three, the department's 通报 taken where
the committee's case is kept). Here each partition's records are fed to an
:class:`AccountabilityLane` one at a time, also while it waits (a consumer reads on), and a
waiting lane is released once every other lane has told the day it waits for, as
``DayClose`` releases it from their schemas. The outbox rows must be the bytes the single
fold of every partition emits, each to the same partition; so must they when every lane
is stored and restored after each step, reading on from its stored position.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from contracts.bindings import encode_binary
from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from contracts.events.oversight import AccountabilityDecided
from services.accountability.adapters.lane import TOLD, AccountabilityLane
from services.accountability.adapters.projection import outbox
from services.common.pipeline import InputRecord
from tests.lanes import LanesInStep
from tests.unit.accountability.test_lanes import PARTITIONS, _duty_topic, _single
from tests.unit.duties.builders import make
from tests.unit.stored import stored

pytestmark = pytest.mark.unit
OUT = "zeren.accountability.v2"


def _records(streams: dict[int, list[Envelope]]) -> dict[int, list[InputRecord]]:
    return {
        p: [InputRecord("zeren.duties.v2", p, offset, *encode_binary(env))
            for offset, env in enumerate(stream)]
        for p, stream in streams.items()
    }  # fmt: skip


def _expected(streams: dict[int, list[Envelope]]) -> Counter[tuple[int | None, bytes | None]]:
    single = outbox(OUT, _single(streams))
    return Counter((out.partition, out.value) for out in single)


def _histories() -> list[dict[int, list[Envelope]]]:
    decided = make(AccountabilityDecided, organization_id="cmt", subject_organization_id="gb-edu",
                   case_id="case-unknown", decision_id="zzb-2018-9",
                   decided_by="organization_department", meeting="组织部2018年第9期通报",
                   decided_on=date(2018, 4, 20), measures=["notice"],
                   person_ids=["p-cmt"])  # fmt: skip
    return [
        _duty_topic(),
        _duty_topic(("gb-a", "gb-b", "gb-c"), date(2018, 2, 9)),
        _duty_topic(last=date(2018, 4, 21), later=[(date(2018, 4, 20), decided)]),
    ]


@pytest.mark.parametrize("restarted", [False, True])
def test_lanes_fed_record_by_record_emit_the_single_fold_s_bytes(restarted: bool) -> None:
    for streams in _histories():
        expected = _expected(streams)
        lanes = LanesInStep(_records(streams), PARTITIONS, OUT, restarted=restarted)
        assert Counter((out.partition, out.value) for out in lanes.run()) == expected
        assert sum(expected.values()) > 0
        assert lanes.waits > 0  # the lanes did wait for each other


def test_a_lane_tells_each_day_once_and_lets_old_parts_go() -> None:
    streams = _duty_topic()
    lane = AccountabilityLane(0, PARTITIONS, OUT)
    records = _records(streams)[0]
    first = next(r for r in records if isinstance(_data(streams[0], r), ClockTicked))
    lane.handle(first)
    told = lane.take_changes()
    (key,) = (k for k in told if k.startswith(TOLD))
    assert lane.holding() == {0: first.offset}
    lane.restore(stored(told))
    lane.handle(first)  # read again after a restart: told already
    assert not any(k.startswith(TOLD) for k in lane.take_changes())
    assert lane.waiting is not None
    assert key == f"{TOLD}{lane.waiting.isoformat()}"
    days = [lane.waiting]
    lane.release([])  # no other lane's part: the test's partition 1 is left out
    for record in records[first.offset + 1 :]:
        lane.handle(record)
        if lane.waiting is not None:
            days.append(lane.waiting)
            lane.release([])
    assert sorted(lane.told) == days[-3:]
    assert len(days) > 3


def _data(stream: list[Envelope], record: InputRecord) -> object:
    return stream[record.offset].data
