"""Publishing the simulated university as campus systems would (模拟校园系统报送).

Day by day: move the registry's clock to the day (driven mode) once it has
judged the previous days' submissions, then send the day's submissions —
Kafka ones to each campus system's own ``zeren.intake.v1.<slug>``, as that
system's Kafka principal (alternating the structured and binary CloudEvents
bindings), HTTP ones to ``POST /v1/events`` with the source's demo bearer
token; the clock and the intake summary with the demo principal's.
At each month's start, before the day's submissions, the :class:`Department`
acts on the accountability service's proposals (closed loop): the system
proposes, the simulated organization department and committee decide.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from datetime import date

from aiokafka import AIOKafkaProducer
from pydantic import TypeAdapter

from contracts.bindings import encode_binary, encode_structured
from contracts.topics import source_intake_topic
from deploy.kafka_security import source_principal
from services.accountability.domain.models import Case
from services.common.access.client import DEMO_TOKEN, bearer, demo_token, service_client
from services.common.outbox import new_producer
from services.common.settings import Settings
from services.simulator import Submission
from services.simulator.department import respond

HTTP_BATCH = 500
#: How often to ask the registry whether it has judged everything sent (seconds).
JUDGED_POLL_S = 0.005


class CampusProducers:
    """A Kafka producer per campus system, each authenticated as that system's principal
    (when ``settings`` name the local stack's credentials) and writing its own topic."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._by_source: dict[str, tuple[AIOKafkaProducer, str]] = {}

    async def send(
        self, source: str, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]]
    ) -> None:
        if source not in self._by_source:
            client = self.settings.as_kafka_user(source_principal(source)).kafka
            producer = new_producer(client)
            await producer.start()
            self._by_source[source] = (producer, self.settings.topic(source_intake_topic(source)))
        producer, topic = self._by_source[source]
        await producer.send(topic, value, key=key, headers=headers)

    async def flush(self) -> None:
        for producer, _ in self._by_source.values():
            await producer.flush()

    async def stop(self) -> None:
        for producer, _ in self._by_source.values():
            await producer.stop()


class Feeder:
    """Sends submissions through both doors of the registry and drives its clock."""

    def __init__(self, registry_url: str, producers: CampusProducers) -> None:
        self.http = service_client(DEMO_TOKEN, base_url=registry_url, timeout=120)
        self.producers = producers
        self.sent: Counter[str] = Counter()
        self._kafka_judged = 0
        self._binding = itertools.cycle((encode_structured, encode_binary))

    async def close(self) -> None:
        await self.http.aclose()

    async def advance_clock(self, to: date) -> None:
        """Move the registry's clock to ``to`` once it has judged all that was sent before.

        A fact sent on a day must reach the log before the next day's tick, or it
        would count as recorded late (补录): Kafka submissions wait in the intake
        topic, and a registry slowed down (a Kafka node lost, a busy machine) would
        otherwise change the demo's outcome.
        """
        await self.judged_all()
        response = await self.http.post("/v1/clock/advance", json={"to": to.isoformat()})
        if response.status_code not in (200, 409):  # 409: already at or past that day
            response.raise_for_status()

    async def judged_all(self) -> None:
        """Wait until the registry has received every submission sent so far.

        HTTP submissions are judged before their response: only Kafka ones sent
        since the last wait make it ask.
        """
        if self.sent["kafka"] == self._kafka_judged:
            return
        await self.producers.flush()
        sent = self.sent["kafka"] + self.sent["http"]
        while True:
            summary = (await self.http.get("/v1/submissions/summary")).json()
            if summary["received"] >= sent:
                self._kafka_judged = self.sent["kafka"]
                return
            await asyncio.sleep(JUDGED_POLL_S)

    async def send_day(self, day: list[Submission]) -> None:
        by_source: dict[str, list[bytes]] = {}
        for submission in day:
            if submission.channel == "http":
                body = submission.envelope.model_dump_json(exclude_none=True).encode()
                by_source.setdefault(submission.envelope.source, []).append(body)
            else:
                env = submission.envelope
                key, value, headers = next(self._binding)(env)
                await self.producers.send(env.source, key, value, headers)
            self.sent[submission.channel] += 1
        for source, bodies in by_source.items():
            for start in range(0, len(bodies), HTTP_BATCH):
                await self._post(source, bodies[start : start + HTTP_BATCH])

    async def _post(self, source: str, bodies: list[bytes]) -> None:
        response = await self.http.post(
            "/v1/events",
            content=b"[" + b",".join(bodies) + b"]",
            headers={**bearer(demo_token(source)), "Content-Type": "application/json"},
        )
        response.raise_for_status()
        for outcome in ("accepted", "duplicate", "rejected"):
            self.sent[f"http {outcome}"] += int(response.json()[outcome])


_CASES = TypeAdapter(list[Case])


class Department:
    """The simulated organization department and committee acting on proposals (closed loop).

    Called on a day, it waits until the services have consumed everything
    (``settled``), reads every case from the accountability service and
    submits what :func:`~services.simulator.department.respond` says was
    recorded that day. Both the wait and the choice make the outcome depend
    on the log only, never on how fast the services ran.
    """

    def __init__(
        self, feeder: Feeder, accountability_url: str, settled: Callable[[], Awaitable[object]]
    ) -> None:
        self.feeder, self.settled = feeder, settled
        self.cases_url = f"{accountability_url}/v1/cases"
        self.recorded: Counter[str] = Counter()
        #: How many steps ran and how long they took, waits included (wall time, for the report).
        self.steps, self.busy_s = 0, 0.0

    async def __call__(self, day: date) -> None:
        began = time.monotonic()
        await self.settled()
        response = await self.feeder.http.get(self.cases_url)
        response.raise_for_status()
        recorded = respond(_CASES.validate_json(response.content), day)
        await self.feeder.send_day(recorded)
        self.recorded.update(s.envelope.type.removeprefix("zeren.") for s in recorded)
        self.steps += 1
        self.busy_s += time.monotonic() - began


async def feed(
    feeder: Feeder,
    history: Iterable[Submission],
    report: Callable[[date, Counter[str]], None],
    monthly: Callable[[date], Awaitable[None]] | None = None,
) -> date:
    """Send ``history`` day by day; report at each new month; return the last day sent.

    ``monthly`` runs on the first day of each month after the first, once the
    clock has reached it and before that day's submissions.
    """
    last: date | None = None
    for day, items in itertools.groupby(history, key=lambda s: s.submit_on):
        await feeder.advance_clock(day)
        new_month = last is None or (day.year, day.month) != (last.year, last.month)
        if new_month and last is not None and monthly is not None:
            await monthly(day)
        await feeder.send_day(list(items))
        if new_month:
            report(day, feeder.sent)
        last = day
    await feeder.judged_all()
    if last is None:
        raise ValueError("the simulated history is empty (模拟历史为空)")
    return last
