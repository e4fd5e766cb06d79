"""The demo's feeder moves the clock only once the registry has judged what was sent.

Kafka submissions wait in the intake topic; had the next day's tick gone
first, they would count as recorded late (补录) and the demo's outcome would
depend on how fast the registry ran.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.cli.demo_feed import CampusProducers, Feeder
from services.simulator import Submission
from tests.integration.registry.conftest import DEMO, RunningRegistry, read_all
from tests.integration.registry.test_recovery import meetings


@pytest.mark.timeout(120)
async def test_the_next_day_is_ticked_after_the_days_kafka_submissions(
    registry: RunningRegistry,
) -> None:
    settings = registry.settings
    topics = await registry.open_university()
    producers = CampusProducers(settings)
    feeder = Feeder(f"http://127.0.0.1:{registry.config.port}", producers)
    try:
        day = [Submission(date(2018, 4, 1), "kafka", DEMO, env) for env in meetings(300)]
        await feeder.send_day(day)
        await feeder.advance_clock(date(2018, 4, 2))
        summary = (await feeder.http.get("/v1/submissions/summary")).json()
    finally:
        await feeder.close()
        await producers.stop()

    assert summary["received"] == 306
    await registry.settled(received=306)
    log = await read_all(settings, topics.events)
    ticks = {
        r.partition: r.offset for r in log if r.header("ce_type") == "zeren.ClockTicked"
        and b'"2018-04-02"' in (r.value or b"")
    }  # fmt: skip
    facts = [r for r in log if r.header("ce_type") == "zeren.MeetingHeld"]
    assert len(facts) == 300
    assert all(r.offset < ticks[r.partition] for r in facts)
