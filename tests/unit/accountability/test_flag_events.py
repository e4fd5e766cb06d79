"""Flags told to who must decide (情况提示 and its withdrawal, 撤回), on the accountability topic.

Expected outcomes, written by hand from the rules before running (the facts of
test_flags.py: br-1's secretary is p-s1, gb-1's p-g1; on 2018-07-01 the duties
service flags m-2 of br-1, six months without dues since 01-01 (党章 第九条), and
br-1's term out of range (党章 第三十条), for gb-1 to decide):

- The member's flag kept gives exactly one ``SituationFlagNoted``: about br-1 and m-2,
  raised 07-01, since 01-01, ``decides`` br-1 with its secretary p-s1 (who must answer,
  not anyone accused), the clause and the duties event id ``flag-m-2``; no case, no rung;
  its text says what was noticed, since when, who decides, and that it is a 情况提示, no
  问责措施 nor any decision (系统只作提示，不作结论). The flag read again tells nothing new.
- The organization's flag gives one ``SituationFlagNoted`` about br-1 whose ``decides``
  is the higher organization gb-1, with p-g1; no member; its detail kept.
- m-2's transfer out on 06-01, recorded late on 07-10 (补录), withdraws the flag raised
  on 07-01: one ``SituationFlagWithdrawn`` dated 07-10, by the transfer's event, its reason
  the ledger's ``withdrawn_zh`` (转出组织关系, 此情况提示不再成立); the term's flag stands.
- The same facts replayed on a fresh ledger give the very same bytes (ids derived from
  the cause and the flag).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.bindings import encode_binary
from contracts.events.accountability import (
    AccountabilityAction,
    SituationFlagNoted,
    SituationFlagWithdrawn,
)
from contracts.events.members import MemberTransferredOut
from tests.unit.accountability.builders import Run, envelope
from tests.unit.accountability.test_flags import _flagged_run

pytestmark = pytest.mark.unit

NOT_A_VERDICT = "此为情况提示，不是问责措施，也不是任何决定：系统只作提示，不作结论。"


def _with_a_late_transfer() -> Run:
    run = _flagged_run()
    out = MemberTransferredOut(
        organization_id="br-1", member_id="m-2", to_organization="某街道党委",
        transferred_on=date(2018, 6, 1),
    )  # fmt: skip
    run.on(date(2018, 7, 10), envelope(out, "transfer-m-2", date(2018, 7, 10)))
    return run


def _noted(run: Run) -> list[SituationFlagNoted]:
    return [o.envelope.data for o in run.outputs if isinstance(o.envelope.data, SituationFlagNoted)]


def test_a_member_flag_is_told_once_to_his_branch_and_its_secretary() -> None:
    run = _flagged_run()
    assert not any(isinstance(o.envelope.data, AccountabilityAction) for o in run.outputs)
    member = [n for n in _noted(run) if n.member_id is not None]
    assert len(member) == 1  # read twice, told once
    (noted,) = member
    assert (noted.organization_id, noted.member_id) == ("br-1", "m-2")
    assert (noted.decides, noted.person_ids) == ("br-1", ["p-s1"])
    assert (noted.raised_on, noted.since) == (date(2018, 7, 1), date(2018, 1, 1))
    assert noted.situation == "dues_unpaid_six_months"
    assert noted.flag_event_id == "flag-m-2"
    assert "case_id" not in type(noted).model_fields
    assert "rung" not in type(noted).model_fields
    assert noted.title_zh.startswith("情况提示：")
    assert "自2018年1月1日起党员m-2连续六个月不交纳党费" in noted.text_zh
    assert "研究处理，书记：p-s1书记（p-s1）" in noted.text_zh
    assert noted.text_zh.endswith(NOT_A_VERDICT)


def test_an_organization_flag_is_told_to_the_higher_organization() -> None:
    run = _flagged_run()
    (term,) = [n for n in _noted(run) if n.member_id is None]
    assert (term.organization_id, term.decides, term.person_ids) == ("br-1", "gb-1", ["p-g1"])
    assert term.situation == "term_out_of_range"
    assert term.detail_zh == "任期不符合党章第三十条"
    assert term.flag_event_id == "flag-term"
    assert term.text_zh.endswith(NOT_A_VERDICT)


def test_a_late_transfer_out_tells_the_withdrawal_with_its_reason() -> None:
    run = _with_a_late_transfer()
    withdrawn = [
        o.envelope.data for o in run.outputs if isinstance(o.envelope.data, SituationFlagWithdrawn)
    ]
    assert len(withdrawn) == 1
    (w,) = withdrawn
    (kept,) = [f for f in run.ledger.flags["br-1"] if f.member_id == "m-2"]
    assert (w.member_id, w.flag_event_id, w.raised_on) == ("m-2", "flag-m-2", date(2018, 7, 1))
    assert (w.withdrawn_on, w.withdrawn_by) == (date(2018, 7, 10), "transfer-m-2")
    assert w.reason_zh == kept.withdrawn_zh
    assert "2018年6月1日转出组织关系" in w.reason_zh
    assert w.reason_zh.endswith("此情况提示不再成立")
    assert w.title_zh.startswith("情况提示撤回：")
    assert w.text_zh.endswith(NOT_A_VERDICT)
    assert (w.decides, w.person_ids) == ("br-1", ["p-s1"])


def test_the_same_facts_replayed_give_the_same_bytes() -> None:
    first, again = _with_a_late_transfer(), Run()
    for env in first.sent:
        again.send(env)
    told = [encode_binary(o.envelope) for o in first.outputs]
    assert len(told) == 3  # two flags noted, one withdrawn
    assert [encode_binary(o.envelope) for o in again.outputs] == told
    assert len({o.envelope.id for o in first.outputs}) == 3
