"""Comparison and digest of output streams: dedupe by id, canonical JSON, first differences."""

from __future__ import annotations

import pytest

from services.audit.compare import (
    Entry,
    canonical_json,
    compare,
    deduplicated,
    digest,
    entry_of,
    render_comparison,
)
from services.common.pipeline import InputRecord


def record(partition: int, event_id: str, value: bytes) -> InputRecord:
    headers = [("ce_id", event_id.encode()), ("ce_type", b"zeren.DutyOverdue")]
    return InputRecord("zeren.duties.v2", partition, 0, b"br-1", value, headers)


def test_canonical_json_ignores_key_order_and_whitespace() -> None:
    assert canonical_json(b'{"b": 1, "a": "\\u515a"}') == '{"a":"党","b":1}'
    assert canonical_json('{"a":"党","b":1}'.encode()) == '{"a":"党","b":1}'


def test_a_republished_event_is_dropped_and_does_not_change_the_digest() -> None:
    once = [entry_of(record(0, "e1", b'{"x":1}')), entry_of(record(0, "e2", b'{"x":2}'))]
    twice = [once[0], once[1], entry_of(record(0, "e1", b'{ "x" : 1 }'))]
    assert deduplicated(twice) == deduplicated(once) == {0: once}
    assert digest(deduplicated(twice)) == digest(deduplicated(once))
    assert compare("t", once, twice).equal


def test_the_first_difference_of_each_partition_is_reported() -> None:
    a, b, c = (Entry(0, f"e{n}", "zeren.DutyOverdue", f'{{"n":{n}}}') for n in range(3))
    other = Entry(1, "f1", "zeren.DutyOverdue", '{"n":9}')
    changed = Entry(0, "e1", "zeren.DutyOverdue", '{"n":99}')
    result = compare("zeren.duties.v2", [a, b, c, other], [a, changed, c])
    assert not result.equal
    assert [(d.partition, d.position) for d in result.differences] == [(0, 1), (1, 0)]
    assert result.differences[0].replayed == b
    assert result.differences[0].emitted == changed
    assert result.differences[1].emitted is None
    assert (result.replayed_count, result.emitted_count) == (4, 3)
    assert result.replayed_digest != result.emitted_digest
    text = render_comparison(result)
    assert "DIFFERENT" in text
    assert "partition 0, position 1" in text
    assert '{"n":99}' in text
    assert "the stream ends here" in text


def test_an_equal_comparison_reads_equal_with_both_digests() -> None:
    entries = [Entry(0, "e0", "zeren.ClockTicked", "{}")]
    text = render_comparison(compare("zeren.duties.v2", entries, entries))
    assert text.splitlines()[0] == "zeren.duties.v2: equal 一致"
    assert text.count(digest(deduplicated(entries))) == 2


def _alert(event_id: str, text: str, rung: str = "reminder") -> Entry:
    data = f'{{"case_id":"c1","rung":"{rung}","text_zh":"{text}","title_zh":"关于提醒"}}'
    return Entry(0, event_id, "zeren.ReminderIssued", data)


def test_streams_differing_in_their_texts_alone_are_told_apart_from_other_decisions() -> None:
    """A release that rewords the alerts replays a log it did not write with every decision
    equal: the verdict says so, and counts the events reworded; it stays DIFFERENT."""
    emitted = [_alert("a1", "截止7月10日尚未完成"), _alert("a2", "同"), _alert("a3", "截止")]
    reworded = [_alert("a1", "截至6月30日尚未完成"), _alert("a2", "同"), _alert("a3", "截至")]
    result = compare("zeren.accountability.v2", reworded, emitted)
    assert not result.equal
    assert result.reworded == 2
    text = render_comparison(result)
    assert "DIFFERENT" in text
    assert "the decisions are equal; 2 events differ in their Chinese texts only" in text


@pytest.mark.parametrize(
    "replayed",
    [
        [_alert("a1", "截至"), _alert("a2", "同", rung="criticism")],  # a field not a text
        [_alert("a1", "截至")],  # an event less
        [_alert("a1", "截至"), _alert("b2", "同")],  # another id
    ],
)
def test_a_decision_that_differs_is_never_called_a_rewording(replayed: list[Entry]) -> None:
    result = compare(
        "zeren.accountability.v2", replayed, [_alert("a1", "截止"), _alert("a2", "同")]
    )
    assert not result.equal
    assert result.reworded is None
    assert "the decisions are equal" not in render_comparison(result)


def test_equal_streams_are_not_reworded() -> None:
    entries = [_alert("a1", "截至")]
    assert compare("t", entries, entries).reworded is None
