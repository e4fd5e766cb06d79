"""Verification (一致性核验): does every emitted decision follow from the log?

Replays the whole of ``zeren.events.v1`` into scratch schemas and compares the
replayed duty and accountability events with those on ``zeren.duties.v2`` and
``zeren.accountability.v2`` (or on copies named by the caller).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC
from services.audit.compare import Comparison, compare, entry_of
from services.audit.log import read_topic
from services.audit.replay import Progress, drop_replay, replay_until
from services.common.pipeline import InputRecord
from services.common.settings import Settings


@dataclass(frozen=True)
class Verdict:
    """Both topics' comparisons (核验结论); equal when every one is."""

    comparisons: Sequence[Comparison]

    @property
    def equal(self) -> bool:
        return all(c.equal for c in self.comparisons)

    @property
    def reworded(self) -> bool:
        """Different in the Chinese texts alone: every decision is as emitted, as when a
        release that rewords the alerts replays a log an earlier one wrote."""
        return not self.equal and all(c.equal or c.reworded is not None for c in self.comparisons)


async def verify(
    settings: Settings,
    *,
    duties_topic: str | None = None,
    accountability_topic: str | None = None,
    progress: Progress = lambda phase, done, total: None,
) -> Verdict:
    """Replay everything and compare with the emitted topics (default: the live ones)."""
    prefix = f"audit_{uuid.uuid4().hex[:8]}_"
    try:
        replayed = await replay_until(settings, None, prefix, progress)
    finally:
        await drop_replay(settings, prefix)
    duties = duties_topic or settings.topic(DUTIES_TOPIC)
    accountability = accountability_topic or settings.topic(ACCOUNTABILITY_TOPIC)
    pairs = ((duties, replayed.duty_outputs), (accountability, replayed.accountability_outputs))
    return Verdict([await _compare(settings, topic, ours) for topic, ours in pairs])


async def _compare(settings: Settings, topic: str, replayed: Sequence[InputRecord]) -> Comparison:
    emitted = await read_topic(settings.kafka, topic)
    return compare(
        topic,
        map(entry_of, replayed),
        (entry_of(r) for p in sorted(emitted) for r in emitted[p]),
    )
