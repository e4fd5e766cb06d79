"""Who wrote a submission: the topic it was read from, or the HTTP token (来源绑定).

Kafka does not tell a consumer which principal wrote a record. Each campus
system therefore has an intake topic of its own, ``zeren.intake.v1.<slug>``
(:func:`contracts.topics.source_intake_topic`), which only that system's
principal may write (the broker's ACLs, :mod:`deploy.kafka_security`). The
registry reads exactly these topics, and a record whose ``source`` attribute
is not its topic's system is refused with ``auth.source_mismatch``, as an HTTP
submission whose ``source`` is not its token's.

There is no shared intake topic: nothing could tell who wrote to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from contracts.topics import MAX_TOPIC_NAME, source_intake_topic, source_slug
from services.common.pipeline import InputRecord
from services.registry.adapters import records


class IntakeTopicError(ValueError):
    """Two campus systems would share a topic, or one has no usable topic name."""


@dataclass(frozen=True)
class IntakeTopics:
    """The registry's intake topics (actual names, any suffix included), by campus system."""

    by_topic: Mapping[str, str]

    @classmethod
    def of(cls, sources: Iterable[str], name: Callable[[str], str]) -> IntakeTopics:
        """The topic of each of ``sources``, named by ``name`` (e.g. ``Settings.topic``).

        Refused (the registry does not start) when a source has no letter or digit
        to name a topic with, when its topic name is too long, or when two
        sources would share one (``urn:a:b`` and ``urn-a-b``).
        """
        by_topic: dict[str, str] = {}
        for source in sources:
            topic = name(source_intake_topic(source))
            if not source_slug(source) or len(topic) > MAX_TOPIC_NAME:
                raise IntakeTopicError(
                    f"{source!r} gives no valid intake topic name ({topic!r}) "
                    f"(来源 {source!r} 无法构成有效的接收主题名)"
                )
            if by_topic.setdefault(topic, source) != source:
                raise IntakeTopicError(
                    f"{source!r} and {by_topic[topic]!r} would share the topic {topic} "
                    "(两个来源系统对应同一接收主题)"
                )
        return cls(by_topic)

    @property
    def names(self) -> list[str]:
        return sorted(self.by_topic)


def bound_source(record: InputRecord, intake: IntakeTopics) -> str | None:
    """The source a submission was proven to come from: the HTTP token's, or the topic's.

    A Kafka record from a topic that is no source's (the registry never reads
    one) is bound to no source at all (``""``), so it cannot pass.
    """
    if record.topic == records.HTTP_TOPIC:
        return records.caller(record)
    return intake.by_topic.get(record.topic, "")
