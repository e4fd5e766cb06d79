"""Alerts read as the organization department expects: label, title, text, clause, ids; a
resolution labelled 办结 and a proposal 问责建议, never with a rung (issue 23); a flag
labelled 情况提示 (情况提示撤回 for its withdrawal), naming the unit, the member and who
decides, and left out by ``--rung`` (a flag has no rung)."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import examples
from contracts.events.accountability import AccountabilityProposed, CaseResolved
from contracts.events.enums import Rung
from services.cli.alerts import Wanted, parse_rung, render_alert
from services.cli.errors import UserError
from services.notifier.domain.alerts import Alert, alert_of

pytestmark = pytest.mark.unit


def _alerts() -> list[Alert]:
    return [a for a in map(alert_of, examples()) if a is not None]


def test_every_accountability_example_renders_its_chinese_fields() -> None:
    alerts = [a for a in _alerts() if a.action is not None]
    for alert in alerts:
        action = alert.action
        assert action is not None
        text = render_alert(alert)
        first = text.splitlines()[0]
        if isinstance(action, CaseResolved):
            assert first == f"【办结】{action.title_zh}"
        elif isinstance(action, AccountabilityProposed):
            assert first == f"【问责建议】{action.title_zh}"
        else:
            assert first.endswith(f"】{action.title_zh}")
        for part in (action.text_zh, action.case_id, action.clause, action.organization_id):
            assert part in text
        assert alert.event_id in text
    assert len(alerts) >= 9  # one example per rung of the ladder, a proposal, a resolution


def test_a_flag_and_its_withdrawal_render_as_prompts_and_no_rung_selects_them() -> None:
    alerts = {a.event_type.removeprefix("zeren."): a for a in _alerts()}
    noted, withdrawn = alerts["SituationFlagNoted"], alerts["SituationFlagWithdrawn"]
    for alert, label in ((noted, "【情况提示】"), (withdrawn, "【情况提示撤回】")):
        text = render_alert(alert)
        assert text.startswith(f"{label}{alert.title_zh}")
        assert "单位 br-edu-faculty-1 · 党员 m-30112 · 研究处理 br-edu-faculty-1" in text
        assert not Wanted(rungs=list(Rung)).matches(alert, date(2018, 7, 1))
        assert Wanted(units=["br-edu-*"]).matches(alert, date(2018, 7, 1))


def test_filters_by_rung_unit_and_day() -> None:
    alerts = {a.event_type.removeprefix("zeren."): a for a in _alerts()}
    reminder, proposal = alerts["ReminderIssued"], alerts["AccountabilityProposed"]
    day = date(2018, 7, 11)
    assert Wanted(rungs=[Rung.INTERVIEW]).matches(proposal, day)  # proposes notice+interview
    assert not Wanted(rungs=[Rung.INTERVIEW]).matches(reminder, day)
    assert Wanted(units=["br-edu-*"]).matches(reminder, day)
    assert not Wanted(units=["br-law-*"]).matches(reminder, day)
    assert Wanted(since=day).matches(reminder, day)
    assert not Wanted(since=date(2018, 7, 12)).matches(reminder, day)


def test_where_reading_starts_and_stops() -> None:
    assert not Wanted().starts_at_beginning
    assert not Wanted().stops_at_end
    assert not Wanted(limit=3).stops_at_end  # following new alerts until three came
    assert Wanted(from_beginning=True, limit=3).stops_at_end
    assert Wanted(to_end=True).starts_at_beginning
    assert Wanted(to_end=True).stops_at_end
    assert Wanted(since=date(2018, 1, 1)).starts_at_beginning


def test_a_rung_by_value_or_chinese_name_or_a_bilingual_refusal() -> None:
    assert parse_rung("criticism") is Rung.CRITICISM
    assert parse_rung("约谈") is Rung.INTERVIEW
    with pytest.raises(UserError) as refused:
        parse_rung("办结")
    assert "不是问责层级" in refused.value.zh
    assert "is no rung" in refused.value.en
