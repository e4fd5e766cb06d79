"""Kafka topics (主题) of Zeren: names, partitions, configuration and messages.

``topic_specs(min_insync_replicas=2)`` gives the production layout
(replication factor 3); ``TOPICS`` is the single-broker default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contracts import events
from contracts.events.base import Payload

INTAKE_TOPIC = "zeren.intake.v1"
EVENTS_TOPIC = "zeren.events.v1"
REJECTED_TOPIC = "zeren.rejected.v1"
DUTIES_TOPIC = "zeren.duties.v2"
ACCOUNTABILITY_TOPIC = "zeren.accountability.v2"

#: Longest Kafka topic name.
MAX_TOPIC_NAME = 249

FOREVER = "-1"
WEEK_MS = str(7 * 24 * 3600 * 1000)
#: How long rejection notices are kept: their originals may carry personal data (names,
#: a member's status) that never entered the log; the journal keeps each outcome and code.
REJECTED_RETENTION_MS = str(90 * 24 * 3600 * 1000)


@dataclass(frozen=True)
class Topic:
    """One Kafka topic: its name, layout, configuration and the event types it carries."""

    name: str
    description: str
    partitions: int
    retention_ms: str
    messages: tuple[type[Payload], ...]
    min_insync_replicas: int = 1

    @property
    def config(self) -> dict[str, str]:
        """Topic-level configuration for ``CreateTopics``."""
        return {
            "cleanup.policy": "delete",
            "retention.ms": self.retention_ms,
            "min.insync.replicas": str(self.min_insync_replicas),
        }


#: Replicas of a topic at most (the production layout of DESIGN.md).
MAX_REPLICATION = 3


def source_slug(source: str) -> str:
    """A campus system's ``source`` attribute as a topic-name part (``urn:campus:hr`` ->
    ``urn-campus-hr``): each run of characters other than ASCII letters, digits and
    ``-`` becomes one ``-``. Never contains ``.``, so a slug's topic is no prefix of
    another source's topic plus ``.`` (what the prefixed ACLs rely on)."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", source).strip("-")


def source_intake_topic(source: str) -> str:
    """The intake topic of one campus system (``zeren.intake.v1.<slug>``), before any suffix.

    Only that system's Kafka principal may write it, so the registry knows who
    wrote a record from the topic it was read from (来源绑定: one topic per source).
    """
    return f"{INTAKE_TOPIC}.{source_slug(source)}"


def replication_for(nodes: int) -> int:
    """Replicas of each topic on a cluster of ``nodes``: one per node, three at most."""
    return min(nodes, MAX_REPLICATION)


def min_insync_for(replication: int) -> int:
    """``min.insync.replicas`` for ``replication``: all replicas but one, at least one."""
    return max(1, replication - 1)


def topic_specs(*, min_insync_replicas: int = 1) -> tuple[Topic, ...]:
    """Every topic, with ``min.insync.replicas`` set for the cluster's replication."""
    isr = min_insync_replicas
    return (
        Topic(
            INTAKE_TOPIC,
            "Submissions from campus systems, not yet validated (待校验的提交): the layout of "
            "the per-source topics zeren.intake.v1.<source-slug>, each written only by its "
            "own campus system's principal.",
            3,
            WEEK_MS,
            events.SUBMITTED,
            isr,
        ),
        Topic(
            EVENTS_TOPIC,
            "The canonical log, written only by the registry, kept forever (规范事件日志).",
            6,
            FOREVER,
            events.INPUTS,
            isr,
        ),
        Topic(
            REJECTED_TOPIC,
            "Submissions the registry refused, with the reason, kept 90 days: they may carry "
            "personal data (拒收记录，保留 90 天).",
            3,
            REJECTED_RETENTION_MS,
            events.REJECTIONS,
            isr,
        ),
        Topic(
            DUTIES_TOPIC,
            "Duty status per organization and period, plus forwarded ticks and actions (责任状态).",
            6,
            FOREVER,
            (*events.DUTY_OUTPUTS, *events.FORWARDED_TO_DUTIES, *events.FORWARDED_WHEN_LATE),
            isr,
        ),
        Topic(
            ACCOUNTABILITY_TOPIC,
            "Accountability actions for the organization department (问责措施).",
            6,
            FOREVER,
            events.ACCOUNTABILITY_OUTPUTS,
            isr,
        ),
    )


TOPICS: tuple[Topic, ...] = topic_specs()


def topic(name: str) -> Topic:
    """The default spec of the topic called ``name``."""
    for spec in TOPICS:
        if spec.name == name:
            return spec
    raise KeyError(name)
