"""The chain across a relay crash (转发进程崩溃后的哈希链): rows in Kafka, not yet deleted.

The registry's relay chains the log as it publishes and saves the heads when
it deletes what it published. A crash in between leaves rows that are in
Kafka but still in the outbox, and heads saved from before them. Here that
state is made by hand after a clean run: the records of each partition after
its last tick or checkpoint (meetings and beats) are put back into the
outbox as the registry wrote them (unchained), and the saved heads are set
back to before them. The restarted registry must find
them in Kafka, drop them and move the heads past them, so that the next
day's records chain on from the records really published: each meeting once,
the chain intact.
"""

from __future__ import annotations

import json
from pathlib import Path

import asyncpg
import pytest

from contracts.chain import CHAIN_HEADER, chain_header
from contracts.topics import EVENTS_TOPIC
from services.audit.chain import audit_log
from services.audit.log import Partitions, read_topic
from services.common.migrations import quote_schema
from services.common.outbox import OutboxRecord, write_outbox
from services.common.settings import Settings
from services.registry.adapters.chain import public_key_file
from services.registry.domain.chain import CHAIN
from tests.integration.registry.conftest import chained, running_registry
from tests.integration.registry.test_chain import two_days

pytestmark = pytest.mark.integration


MARKS = ("zeren.ClockTicked", "zeren.ChainCheckpointed")
MEETING = "zeren.MeetingHeld"


def trailing(log: Partitions) -> dict[int, int]:
    """Per partition, how many records follow its last tick or checkpoint."""
    counts = {}
    for p, lane in log.items():
        n = 0
        while n < len(lane) and lane[-1 - n].header("ce_type") not in MARKS:
            n += 1
        counts[p] = n
    return counts


def meetings_in(log: Partitions) -> list[str | None]:
    return [
        r.header("ce_id") for lane in log.values() for r in lane if r.header("ce_type") == MEETING
    ]


@pytest.mark.timeout(180)
async def test_rows_published_before_a_crash_are_dropped_and_the_chain_goes_on(
    settings: Settings, db: asyncpg.Pool, tmp_path: Path
) -> None:
    config = chained(tmp_path)
    async with running_registry(settings, db, config) as registry:
        await two_days(registry)
        await registry.settled(18)
    auditor, topic = settings.as_auditor(), settings.topic(EVENTS_TOPIC)
    before = await read_topic(auditor.kafka, topic)
    after_marks = trailing(before)
    put_back = [r for p, lane in before.items() for r in lane[len(lane) - after_marks[p] :]]
    assert sum(r.header("ce_type") == MEETING for r in put_back) == 12, "nothing to put back"

    # The crash, made by hand: those meetings back in the outbox, the heads before them.
    rows, heads = [], {}
    for p, lane in sorted(before.items()):
        kept = len(lane) - after_marks[p]
        digest = chain_header(lane[kept - 1].headers)
        assert digest is not None
        heads[str(p)] = [kept, digest.hex()]
        for record in lane[kept:]:
            unchained = [(k, v or b"") for k, v in record.headers if k != CHAIN_HEADER]
            rows.append(OutboxRecord(topic, record.value or b"", record.key, p, unchained))
    schema = settings.schema("registry")
    async with db.acquire() as conn, conn.transaction():
        await write_outbox(conn, schema, rows)
        await conn.execute(
            f"UPDATE {quote_schema(schema)}.state SET value = $2::json WHERE key = $1",
            CHAIN,
            json.dumps(heads),
        )

    async with running_registry(settings, db, config) as registry:
        assert (await registry.advance("2018-04-03")).status_code == 200
        await registry.settled(18)
    after = await read_topic(auditor.kafka, topic)
    assert sorted(map(str, meetings_in(after))) == sorted(map(str, meetings_in(before)))
    public_key = bytes.fromhex(public_key_file(config.key_path).read_text().strip())
    report = audit_log(after, public_key)
    assert report.intact, report.problems
    assert report.checkpoints == 3
