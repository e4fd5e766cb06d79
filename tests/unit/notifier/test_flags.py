"""Flags delivered (情况提示送达): who gets a flag and its withdrawal, and how they read.

Expected outcomes, written by hand before running. The examples: member m-30112 of
br-edu-faculty-1, six months without dues, for br-edu-faculty-1 to decide, its secretary
p-10021 (``person_ids``: who must decide); the withdrawal of that flag.

- ``alert_of`` reads them as alerts of kind ``flag`` (情况提示) and ``flag_withdrawal``
  (情况提示撤回): no case, no rung, no measure, nobody charged; p-10021 decides.
- The packaged default routes send both to the organization department's file only
  (the committee's file gets proposals to the committee, no flag).
- ``kinds: [flag]`` selects the flag, not its withdrawal; ``kinds: [flag_withdrawal]``
  the reverse; ``units`` works as for actions (br-edu-* yes, br-law-* no).
- ``charged: true`` sends both to the recipient whose person_id is p-10021 (who must
  decide), never to a recipient whose person_id is the member m-30112 (the member is
  concerned, not accused, and decides nothing).
- A ``rungs`` route (every rung) and a ``proposed_to`` route (either body) select neither.
- The message: subject 【情况提示】<title> (【情况提示撤回】<title>); a first line saying it
  is a prompt for the organization to study and decide, not a measure nor a conclusion;
  the text; the ids of the unit, the member, who decides; the webhook body with kind,
  unit_id, member_id, persons_deciding [p-10021], no rung, no case, nobody charged,
  and the event's data. Never labelled as a measure: no rung's label in the subject or
  the first line, and 问责措施 only as 不是问责措施.
"""

from __future__ import annotations

from typing import Any

import pytest

from contracts.events.enums import DecidingBody, Rung
from services.notifier.adapters.routes_file import DEFAULT_ROUTES, load_routes
from services.notifier.domain.alerts import Alert, AlertKind
from services.notifier.domain.messages import label, render
from services.notifier.domain.routes import Routes
from tests.unit.notifier.builders import alert

pytestmark = pytest.mark.unit

NOTED, WITHDRAWN = "SituationFlagNoted", "SituationFlagWithdrawn"


def _routes(*routes: dict[str, Any]) -> Routes:
    recipients = [
        {"id": "org", "name_zh": "组织部", "via": {"channel": "file", "path": "org.jsonl"}},
        {"id": "secretary", "name_zh": "支部书记", "person_id": "p-10021",
         "via": {"channel": "email", "address": "s@example.edu.cn"}},
        {"id": "member", "name_zh": "党员", "person_id": "m-30112",
         "via": {"channel": "email", "address": "m@example.edu.cn"}},
    ]  # fmt: skip
    return Routes.model_validate({"recipients": recipients, "routes": list(routes)})


def _to(routes: Routes, flag: Alert) -> list[str]:
    return [r.id for r in routes.deliveries(flag)]


def test_flags_are_alerts_with_no_case_no_rung_and_nobody_charged() -> None:
    noted, withdrawn = alert(NOTED), alert(WITHDRAWN)
    assert (noted.kind, withdrawn.kind) == (AlertKind.FLAG, AlertKind.FLAG_WITHDRAWAL)
    assert (noted.kind.label_zh, withdrawn.kind.label_zh) == ("情况提示", "情况提示撤回")
    for flag in (noted, withdrawn):
        assert (flag.case_id, flag.rung, flag.measures) == (None, None, ())
        assert flag.persons_charged == ()
        assert flag.persons_deciding == ("p-10021",)
        assert (flag.unit_id, flag.member_id) == ("br-edu-faculty-1", "m-30112")


def test_the_default_routes_send_flags_to_the_organization_department() -> None:
    routes = load_routes(DEFAULT_ROUTES)
    assert _to(routes, alert(NOTED)) == ["org-department"]
    assert _to(routes, alert(WITHDRAWN)) == ["org-department"]


def test_kinds_and_units_select_flags() -> None:
    flags = _routes({"kinds": ["flag"], "to": ["org"]})
    assert _to(flags, alert(NOTED)) == ["org"]
    assert _to(flags, alert(WITHDRAWN)) == []
    withdrawals = _routes({"kinds": ["flag_withdrawal"], "to": ["org"]})
    assert _to(withdrawals, alert(WITHDRAWN)) == ["org"]
    assert _to(withdrawals, alert(NOTED)) == []
    edu = _routes({"units": ["br-edu-*"], "to": ["org"]})
    assert _to(edu, alert(NOTED)) == _to(edu, alert(WITHDRAWN)) == ["org"]
    assert _to(_routes({"units": ["br-law-*"], "to": ["org"]}), alert(NOTED)) == []


def test_charged_sends_to_who_must_decide_never_to_the_member() -> None:
    charged = _routes({"charged": True})
    assert _to(charged, alert(NOTED)) == ["secretary"]
    assert _to(charged, alert(WITHDRAWN)) == ["secretary"]


def test_rungs_and_proposed_to_select_no_flag() -> None:
    rungs = _routes({"rungs": [r.value for r in Rung], "to": ["org"]})
    bodies = _routes({"proposed_to": [b.value for b in DecidingBody], "to": ["org"]})
    for flag in (alert(NOTED), alert(WITHDRAWN)):
        assert _to(rungs, flag) == []
        assert _to(bodies, flag) == []


def test_a_flag_renders_as_a_prompt_to_decide() -> None:
    flag = alert(NOTED)
    message = render(flag)
    first, *_ = message.text.splitlines()
    assert message.subject == f"【情况提示】{flag.title_zh}"
    assert first.startswith("【情况提示】")
    assert "研究、作出决定" in first
    assert "不是问责措施" in first
    assert flag.text_zh in message.text
    assert "所涉党员编号：m-30112" in message.text
    assert "研究处理的党组织编号：br-edu-faculty-1" in message.text
    assert "应研究处理的书记编号：p-10021" in message.text
    body = message.body
    assert (body["kind"], body["label_zh"]) == ("flag", "情况提示")
    assert (body["unit_id"], body["member_id"]) == ("br-edu-faculty-1", "m-30112")
    assert body["persons_deciding"] == ["p-10021"]
    assert (body["rung"], body["case_id"], body["persons_charged"]) == (None, None, [])
    assert body["data"] == flag.data.model_dump(mode="json")


def test_a_withdrawal_renders_with_its_reason() -> None:
    withdrawn = alert(WITHDRAWN)
    message = render(withdrawn)
    assert message.subject == f"【情况提示撤回】{withdrawn.title_zh}"
    assert message.text.startswith("【情况提示撤回】")
    assert "此情况提示不再成立" in message.text
    assert "撤回依据事件编号：transfer-out-m-30112" in message.text
    assert message.body["kind"] == "flag_withdrawal"
    assert message.body["data"]["reason_zh"].endswith("此情况提示不再成立")


def test_a_flag_is_never_labelled_as_a_measure() -> None:
    rung_labels = {r.label_zh for r in Rung}
    for flag in (alert(NOTED), alert(WITHDRAWN)):
        message = render(flag)
        first = message.text.splitlines()[0]
        assert label(flag) not in rung_labels
        assert not any(f"【{r}】" in message.subject + first for r in rung_labels)
        assert message.text.count("问责措施") == message.text.count("不是问责措施") > 0
