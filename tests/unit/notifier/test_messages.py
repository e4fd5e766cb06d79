"""What a recipient reads (送达内容): Chinese, the seed's terms, a proposal never read as a
decision, a resolution labelled 办结, the unit and every office holder charged named."""

from __future__ import annotations

import pytest

from contracts.events.enums import DecidingBody, Rung
from services.notifier.domain.messages import (
    idempotency_key,
    message_id,
    render,
    signature,
    signature_valid,
)
from services.notifier.domain.retry import RetryPolicy
from tests.unit.notifier.builders import alert

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("event_type", "label"),
    [
        ("ReminderIssued", "提醒"),
        ("CriticismIssued", "提出批评，限期整改"),
        ("NoticeCirculated", "通报"),
        ("InterviewRequired", "约谈"),
        ("AdmonishmentRequired", "诫勉谈话"),
        ("NotifiedCriticismIssued", "通报批评"),
        ("AwardEligibilityRevoked", "取消年度评优评先资格"),
    ],
)
def test_a_measure_is_labelled_with_its_rung(event_type: str, label: str) -> None:
    message = render(alert(event_type))
    assert message.subject.startswith(f"【{label}】")
    assert message.body["kind"] == "measure"
    assert message.body["label_zh"] == label
    assert "建议" not in message.text.splitlines()[0]


def test_a_proposal_reads_as_a_proposal_awaiting_the_deciding_body() -> None:
    proposed = alert(
        "AccountabilityProposed",
        measures=[Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM],
        proposed_to=DecidingBody.PARTY_COMMITTEE,
        rung=Rung.ADMONISHMENT,
    )
    message = render(proposed)
    assert message.subject.startswith("【问责建议】")
    first = message.text.splitlines()[0]
    assert first.startswith("【问责建议】系统建议：诫勉谈话、通报批评。")
    assert "此为建议，尚待党委研究决定" in first
    assert "作出决定前，不采取上述措施" in first
    assert "决定机关" not in message.text  # nothing was decided
    assert not message.subject.startswith("【诫勉谈话】")
    assert message.body["kind"] == "proposal"


def test_a_resolution_is_labelled_banjie_not_with_its_rung() -> None:
    message = render(alert("CaseResolved", rung=Rung.CRITICISM))
    assert message.subject.startswith("【办结】")
    assert "【提出批评，限期整改】" not in message.subject
    assert message.text.splitlines()[0] == (
        "【办结】问责案件已办结（案件曾达到的最高层级：提出批评，限期整改）。"
    )
    assert message.body["label_zh"] == "办结"


def test_a_correction_says_whom_it_no_longer_names() -> None:
    message = render(alert("ResponsiblePersonsCorrected", person_ids=["p-2"], person_id="p-2"))
    assert message.subject.startswith("【责任人更正】")
    assert message.text.splitlines()[0] == "【责任人更正】本案所列责任人有变更，以本通知为准。"
    assert "责任人编号：p-2" in message.text
    assert "不再作为责任人的人员编号：p-10021" in message.text
    assert (message.body["persons_charged"], message.body["persons_withdrawn"]) == (
        ["p-2"],
        ["p-10021"],
    )


def test_a_correction_says_whom_it_names_from_now_on() -> None:
    added = {"person_ids": ["p-2"], "person_id": "p-2", "withdrawn_person_ids": None,
             "added_person_ids": ["p-2"]}  # fmt: skip
    message = render(alert("ResponsiblePersonsCorrected", **added))
    assert "新增责任人编号：p-2" in message.text
    assert "不再作为责任人的人员编号" not in message.text
    assert (message.body["persons_withdrawn"], message.body["persons_added"]) == ([], ["p-2"])


def test_the_unit_and_every_person_charged_are_named() -> None:
    charged = alert(
        "NotifiedCriticismIssued",
        organization_id="br-edu-faculty-1",
        person_id="p-1",
        person_ids=["p-1", "p-2"],
        leading_group_ids=["p-3"],
        decided_by=DecidingBody.PARTY_COMMITTEE,
        decision_id="dw-2018-12",
    )
    message = render(charged)
    assert "责任单位编号：br-edu-faculty-1" in message.text
    assert "责任人编号：p-1、p-2、p-3" in message.text
    assert "负有责任的领导班子成员编号：p-3" in message.text
    assert "决定机关：党委（dw-2018-12）" in message.text
    assert message.body["persons_charged"] == ["p-1", "p-2", "p-3"]
    assert charged.text_zh in message.text


def test_the_same_alert_renders_the_same() -> None:
    assert render(alert("CriticismIssued")) == render(alert("CriticismIssued"))


def test_keys_are_per_event_and_recipient_and_stable() -> None:
    assert idempotency_key("e-1", "org") == "e-1/org"
    assert message_id("e-1", "org") == message_id("e-1", "org")
    assert message_id("e-1", "org") != message_id("e-1", "committee")
    assert message_id("e-1", "org").endswith("@notifier.zeren>")


def test_a_signature_holds_for_the_exact_body_and_secret_only() -> None:
    body = b'{"event_id": "e-1"}'
    header = signature("s" * 20, body)
    assert header.startswith("sha256=")
    assert signature_valid("s" * 20, body, header)
    assert not signature_valid("s" * 20, body + b" ", header)
    assert not signature_valid("t" * 20, body, header)


def test_retries_back_off_exponentially_and_end() -> None:
    policy = RetryPolicy(attempts=5, first_s=1.0, cap_s=6.0)
    assert [policy.after_failure(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 6.0, None]
    assert RetryPolicy(attempts=1).after_failure(1) is None
    with pytest.raises(ValueError, match="重试策略无效"):
        RetryPolicy(attempts=0)
