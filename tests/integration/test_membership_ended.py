"""A membership's end (党员减少: 去世、出党) through the three services on the real broker.

Expected outcomes written by hand from 党章 第九条 (连续六个月不交纳党费 … 被认为是自行脱党:
months a member owes on the roll), the seed 三、（四） (按时足额缴纳党费; 稳妥处置不合格党员)
and the dues duty of the catalog (a month's dues fall due ten days after it):

br-1 has m-1, m-2 and m-3 on its roll from 2018-01-01; none pays dues.

- m-1 dies on 04-10, recorded by the organization department on 04-12. He owes the
  months falling due before his death (January's on 02-10, February's on 03-10:
  overdue); March's, falling due on 04-10, and April's are waived, and no later month is
  owed. Never six months on the roll unpaid: never flagged. A loss of contact of his
  dated after his death is refused (``member.ended``), whoever sends it.
- m-3 dies on 06-20, recorded late on 07-10. The 07-01 tick, not knowing, flags him with
  m-2 (January to June unpaid); recorded on time, the death would have left him under six
  months: the flag is withdrawn (已撤回), saying he was no longer in the branch on the
  flag's day. January to May are overdue (May's fell due on 06-10), June and July waived.
- m-2, the control, never leaves: flagged on 07-01 since 01-01, the flag standing;
  January to June overdue on 07-15 (June's fell due on 07-10), July open.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import httpx
import pytest

from contracts.envelope import Envelope, new_envelope
from contracts.events import members as m
from contracts.events.base import Payload
from services.common.access.client import bearer
from tests.access import DEMO_HEADERS
from tests.integration.conftest import RunningServices, wait_status, zeren_wait
from tests.integration.registry.conftest import body, payload, university

pytestmark = pytest.mark.timeout(300)

CST = timezone(timedelta(hours=8))
ORG_DEPT = "urn:campus:org-dept"
ORG_DEPT_TOKEN = "zeren-demo:org-dept"
DUES = "dues_unpaid_six_months"


def _sent(fact: Payload, event_id: str, on: date, source: str = ORG_DEPT) -> Envelope:
    return new_envelope(fact, id=event_id, source=source, time=datetime.combine(on, time(9), CST))


def _died(member_id: str, on: date, recorded: date) -> Envelope:
    fact = payload(m.MembershipEnded, organization_id="br-1", member_id=member_id,
                   ended_on=on.isoformat(), end="deceased")  # fmt: skip
    return _sent(fact, f"{member_id}-died", recorded)


class Department:
    """The organization department at the registry, on the driven clock."""

    def __init__(self, http: httpx.AsyncClient, registry: str) -> None:
        self.http, self.registry = http, registry

    async def on(self, day: date, *envs: Envelope) -> list[dict[str, Any]]:
        """The clock advanced to ``day``, then ``envs`` submitted; the answer per event."""
        advanced = await self.http.post(
            f"{self.registry}/v1/clock/advance", json={"to": day.isoformat()}
        )
        assert advanced.status_code == 200, advanced.text
        if not envs:
            return []
        answer = await self.http.post(
            f"{self.registry}/v1/events", json=body(envs), headers=bearer(ORG_DEPT_TOKEN)
        )
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        return results


async def test_a_death_waives_the_months_after_and_withdraws_a_flag_raised_after_it(
    services: RunningServices,
) -> None:
    urls, _, _, state = services
    start = date(2018, 1, 1)
    roll = [
        _sent(payload(m.MemberTransferredIn, organization_id="br-1", member_id=member,
                      member_name=name, transferred_on=start.isoformat()), f"{member}-in", start)
        for member, name in (("m-1", "李明"), ("m-2", "张华"), ("m-3", "赵刚"))
    ]  # fmt: skip
    lost = payload(m.MemberLostContact, organization_id="br-1", member_id="m-1",
                   since="2018-04-11")  # fmt: skip
    async with httpx.AsyncClient(timeout=30, headers=DEMO_HEADERS) as http:
        for url in urls.values():
            await wait_status(http, f"{url}/readyz", 200, within=90)
        department = Department(http, urls["registry"])
        await department.on(start)
        setup = await http.post(f"{urls['registry']}/v1/events", json=body(university()))
        assert setup.json()["accepted"] == 6, setup.text
        assert [r["outcome"] for r in await department.on(start, *roll)] == ["accepted"] * 3
        died = await department.on(
            date(2018, 4, 12), _died("m-1", date(2018, 4, 10), date(2018, 4, 12))
        )
        assert [r["outcome"] for r in died] == ["accepted"]
        [refused] = await department.on(
            date(2018, 4, 12), _sent(lost, "m-1-lost", date(2018, 4, 12))
        )
        assert refused["outcome"] == "rejected", refused
        assert "member.ended" in [i["code"] for i in refused["issues"]], refused
        late = await department.on(
            date(2018, 7, 10), _died("m-3", date(2018, 6, 20), date(2018, 7, 10))
        )
        assert [r["outcome"] for r in late] == ["accepted"]
        await department.on(date(2018, 7, 15))

        await zeren_wait(state)

        flags = (await http.get(f"{urls['accountability']}/v1/flags",
                                params={"unit": "br-1", "member": True})).json()  # fmt: skip
        dues = sorted((f["member_id"], f["since"], f["flagged_on"], f["withdrawn_on"])
                      for f in flags if f["situation"] == DUES)  # fmt: skip
        assert dues == [
            ("m-2", "2018-01-01", "2018-07-01", None),
            ("m-3", "2018-01-01", "2018-07-01", "2018-07-10"),
        ]
        assert not [f for f in flags if f["member_id"] == "m-1"], flags
        [withdrawn] = [f for f in flags if f["member_id"] == "m-3" and f["situation"] == DUES]
        assert withdrawn["withdrawn_by"] == "m-3-died"
        assert (
            "该党员已于2018年6月20日去世，2018年7月1日提示时已不在本组织"
            in (withdrawn["withdrawn_zh"])
        )

        duties = (await http.get(f"{urls['duties']}/v1/units/br-1/duties",
                                 params={"year": 2018})).json()  # fmt: skip
    months = {
        member: {d["period"]: d["status"] for d in duties
                 if d["member_id"] == member and d["duty_id"] == "member.dues.monthly"}
        for member in ("m-1", "m-2", "m-3")
    }  # fmt: skip
    overdue, waived = "overdue", "waived"
    assert months["m-1"] == {"2018-01": overdue, "2018-02": overdue, "2018-03": waived,
                             "2018-04": waived}  # fmt: skip
    assert months["m-3"] == {
        **{f"2018-0{n}": overdue for n in range(1, 6)},
        "2018-06": waived,
        "2018-07": waived,
    }
    assert months["m-2"] == {**{f"2018-0{n}": overdue for n in range(1, 7)}, "2018-07": "open"}
