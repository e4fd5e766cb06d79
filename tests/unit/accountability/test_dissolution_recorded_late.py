"""A dissolution recorded late (补录) after the rectification deadline it ended.

Expected outcomes written by hand before running, from the seed (四: 提出批评，限期整改;
对…特别突出的问题…对相关责任人进行约谈) and the rule for 撤销 (a dissolved unit can no
longer rectify: its running deadline ends, and no 限期未整改 follows).

br-1 (secretary ``p-1``) is found on 2018-10-02 to have a problem to rectify by 11-04
(督导检查发现问题, f-0); it holds no meetings. ``p-1`` hands over to ``p-6`` on 11-13; br-1
is dissolved on 11-25.

- On their days: f-0 is overdue on 11-05 and criticised, 限期整改 to 12-05, naming
  ``p-1``, who was secretary on 11-04. The dissolution on 11-25 ends that deadline
  (无从整改). The case stays open naming ``p-1``, with no 限期未整改 ground.
- The dissolution recorded on 2019-01-10 and the handover on 01-20, both after 12-05:
  the deadline is found missed on 12-06 while the log still shows br-1 and ``p-1``. The
  dissolution then shows it ended on 11-25 before it could run out: no 限期未整改, and the
  case names ``p-1`` as before. The handover recorded after it names no one new:
  ``p-6`` took office after the miss, and no deadline ran out on his watch. Before: the
  miss stood, and the handover named ``p-6`` in ``p-1``'s place (dissolution hunt, seed
  590).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import oversight, structure
from contracts.events.enums import Ground
from tests.unit.accountability.structural_histories import Fact, folded, verdicts
from tests.unit.duties.builders import appointed, left_office, make

pytestmark = pytest.mark.unit

FOUND, DEADLINE = date(2018, 10, 2), date(2018, 11, 4)
HANDOVER, DISSOLVED = date(2018, 11, 13), date(2018, 11, 25)
FINDING = ("br-1", None, "f-0")


def _facts(late: bool) -> list[Fact]:
    finding = make(oversight.InspectionFindingRecorded, organization_id="br-1",
                   finding_id="f-0", question=18, description="记录不全", found_on=FOUND,
                   rectification_deadline=DEADLINE)  # fmt: skip
    dissolution = make(
        structure.OrganizationDissolved, organization_id="br-1", dissolved_on=DISSOLVED
    )
    return [
        Fact(FOUND, finding),
        Fact(HANDOVER, left_office("br-1", "p-1", "secretary", HANDOVER), 68 if late else 0),
        Fact(HANDOVER, appointed("br-1", "p-6", "secretary", HANDOVER), 68 if late else 0),
        Fact(DISSOLVED, dissolution, 46 if late else 0),
    ]


def test_the_deadline_a_late_dissolution_ended_names_no_one_new() -> None:
    on_time, late = verdicts(_facts(False)), verdicts(_facts(True))
    assert on_time is not None
    assert late is not None
    assert on_time.cases[FINDING][0] == ("p-1",)
    assert late.cases[FINDING] == on_time.cases[FINDING]


def test_the_deadline_a_late_dissolution_ended_raises_no_ground() -> None:
    for late in (False, True):
        found = folded(_facts(late))
        assert found is not None
        [case] = [c for c in found[0].cases.values() if c.finding_id == "f-0"]
        assert Ground.RECTIFICATION_MISSED not in case.grounds, late
        assert case.rung_missed_on is None, late
