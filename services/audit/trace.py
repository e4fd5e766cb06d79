"""Tracing a decision through the topics (依据追溯): gathers an :class:`Explanation`.

Reads ``zeren.accountability.v2``, ``zeren.duties.v2`` and ``zeren.events.v1``
read-only, never the services' tables; records are decoded only when their
headers say they may belong to the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from contracts.bindings import decode
from contracts.envelope import Envelope
from contracts.events import DUTY_OUTPUTS
from contracts.events.clock import ClockTicked
from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC, EVENTS_TOPIC
from contracts.types import TYPE_PREFIX, event_type_of
from services.audit.explain import (
    Explanation,
    action_of,
    case_actions,
    catalog_duty,
    chain_duty_events,
    status_of,
    tally,
)
from services.audit.log import read_topic
from services.common.pipeline import InputRecord
from services.common.settings import Settings


async def trace(settings: Settings, wanted: str) -> Explanation:
    """The chain behind the case or accountability event ``wanted``; LookupError if unknown."""
    actions = case_actions(await _envelopes(settings, ACCOUNTABILITY_TOPIC, _any), wanted)
    if not actions:
        raise LookupError(f"no accountability case or event {wanted} (未找到该案件或事件)")
    duty_events = chain_duty_events(
        actions, await _envelopes(settings, DUTIES_TOPIC, _is_duty_status)
    )
    duty = catalog_duty(duty_events)
    cited = [i for env in duty_events for i in status_of(env).evidence_event_ids]
    kinds = {TYPE_PREFIX + rule.event for rule in duty.evidence} if duty else set()
    facts, logged = await _facts_with_log_days(
        settings, lambda r: r.header("ce_id") in cited or r.header("ce_type") in kinds
    )
    found = {env.id: env for env in facts}
    return Explanation(
        case_id=action_of(actions[0]).case_id,
        actions=actions,
        duty_events=duty_events,
        duty=duty,
        cited=[found[i] for i in dict.fromkeys(cited) if i in found],
        unfound=[i for i in dict.fromkeys(cited) if i not in found],
        tallies=tally(duty, status_of(duty_events[0]), facts, logged) if duty else [],
    )


TICK_TYPE = event_type_of(ClockTicked)
DUTY_STATUS_TYPES = frozenset(event_type_of(model) for model in DUTY_OUTPUTS)


def _any(record: InputRecord) -> bool:
    return True


def _is_duty_status(record: InputRecord) -> bool:
    return record.header("ce_type") in DUTY_STATUS_TYPES


async def _envelopes(
    settings: Settings, name: str, wanted: Callable[[InputRecord], bool]
) -> list[Envelope]:
    log = await read_topic(settings.kafka, settings.topic(name))
    return list(_decoded(r for p in sorted(log) for r in log[p] if wanted(r)))


async def _facts_with_log_days(
    settings: Settings, wanted: Callable[[InputRecord], bool]
) -> tuple[list[Envelope], dict[str, date]]:
    """The wanted facts of the canonical log, and the log's day each entered it (入账日期)."""
    log = await read_topic(settings.kafka, settings.topic(EVENTS_TOPIC))
    facts: list[Envelope] = []
    logged: dict[str, date] = {}
    for partition in sorted(log):
        today: date | None = None
        for record in log[partition]:
            if record.header("ce_type") == TICK_TYPE:
                tick = decode(record.value, record.headers).data
                assert isinstance(tick, ClockTicked)
                today = tick.date
            elif wanted(record):
                env = decode(record.value, record.headers)
                facts.append(env)
                if today is not None:
                    logged[env.id] = today
    return facts, logged


def _decoded(records: Iterator[InputRecord]) -> Iterator[Envelope]:
    for record in records:
        yield decode(record.value, record.headers)
