"""Alerts read as the organization department expects: rung, title, text, clause, ids."""

from __future__ import annotations

from contracts.envelope import examples
from contracts.events.accountability import AccountabilityAction
from services.cli.alerts import render_alert


def test_every_accountability_example_renders_its_chinese_fields() -> None:
    rendered = 0
    for envelope in examples():
        action = envelope.data
        if not isinstance(action, AccountabilityAction):
            continue
        text = render_alert(action, envelope.id)
        first = text.splitlines()[0]
        assert first == f"【{action.rung.label_zh}】{action.title_zh}"
        for part in (action.text_zh, action.case_id, action.clause, action.organization_id):
            assert part in text
        assert envelope.id in text
        rendered += 1
    assert rendered >= 7  # one example per rung of the ladder, plus CaseResolved
