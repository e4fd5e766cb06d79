"""The demo runs' namespaces (演示命名空间): list them, drop them.

Each ``zeren demo`` run has its topics under the suffix ``.demo<n>`` and its
schemas under the prefix ``demo<n>_``; a replay has schemas under
``replay_<date>_``. Nothing else of the broker or the database is touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient

from services.cli.errors import UserError
from services.common.migrations import drop_schema
from services.common.settings import Settings

DEMO_NAME = re.compile(r"demo\d+")
_DEMO_SCHEMA = re.compile(r"(demo\d+)_[a-z_]+")
_DEMO_TOPIC = re.compile(r".+\.(demo\d+)")


@dataclass
class Namespace:
    """One demo run's schemas and topics."""

    name: str
    schemas: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def group(schemas: list[str], topics: list[str]) -> list[Namespace]:
    """The demo namespaces among ``schemas`` and ``topics``, oldest first."""
    found: dict[str, Namespace] = defaultdict(lambda: Namespace(""))
    for schema in schemas:
        if match := _DEMO_SCHEMA.fullmatch(schema):
            found[match[1]].schemas.append(schema)
    for topic in topics:
        if match := _DEMO_TOPIC.fullmatch(topic):
            found[match[1]].topics.append(topic)
    for name, namespace in found.items():
        namespace.name = name
        namespace.schemas.sort()
        namespace.topics.sort()
    return [found[name] for name in sorted(found, key=lambda n: int(n.removeprefix("demo")))]


async def list_namespaces(settings: Settings) -> list[Namespace]:
    """Every demo namespace with a schema in the database or a topic on the broker."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        rows = await conn.fetch("SELECT schema_name FROM information_schema.schemata")
    finally:
        await conn.close()
    admin = AIOKafkaAdminClient(**settings.kafka.options())
    await admin.start()
    try:
        topics = list(await admin.list_topics())
    finally:
        await admin.close()
    return group([r["schema_name"] for r in rows], topics)


async def drop_namespace(settings: Settings, name: str) -> Namespace:
    """Drop the schemas and delete the topics of demo namespace ``name``; return what went."""
    if not DEMO_NAME.fullmatch(name):
        raise UserError(
            f"{name!r} 不是演示命名空间（形如 demo1764700000）",
            f"{name!r} is not a demo namespace (like demo1764700000)",
        )
    if settings.topic_suffix == f".{name}":
        raise UserError(
            f"{name} 是当前使用的命名空间（stack.env），不能删除",
            f"{name} is the namespace in use (stack.env); not dropped",
        )
    found = {n.name: n for n in await list_namespaces(settings)}
    if name not in found:
        raise UserError(f"没有演示命名空间 {name}", f"no demo namespace {name}")
    namespace = found[name]
    conn = await asyncpg.connect(settings.database_url)
    try:
        for schema in namespace.schemas:
            await drop_schema(conn, schema)
    finally:
        await conn.close()
    if namespace.topics:
        admin = AIOKafkaAdminClient(**settings.kafka.options())
        await admin.start()
        try:
            await admin.delete_topics(namespace.topics)
        finally:
            await admin.close()
    return namespace
