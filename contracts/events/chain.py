"""The log's daily checkpoint (日志链检查点), written by the registry into zeren.events.v1.

It evidences no duty and concerns no organization (subject ``system``):
downstream folds pass it by. It commits, with the registry's Ed25519
signature, to every partition's chain head as the day began; see
:mod:`contracts.chain` and ``docs/chain.md`` for the bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from contracts.events.base import Payload, example
from contracts.events.clock import MAX_PARTITIONS, SYSTEM_SUBJECT

Hex32 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{128}$")]


class PartitionHead(Payload):
    """One partition's chain head (分区链头): records chained so far and the last digest."""

    partition: int = Field(ge=0, lt=MAX_PARTITIONS, description="Partition (分区).")
    count: int = Field(ge=0, description="Records of the partition chained so far (记录数).")
    digest: Hex32 = Field(description="Digest after the last of them, hex SHA-256 (链摘要).")


class ChainCheckpointed(Payload):
    """The day's checkpoint of the log's hash chain (每日链检查点), signed by the registry."""

    model_config = example(
        {
            "date": "2018-04-01",
            "partitions": [{"partition": 0, "count": 3, "digest": "ab" * 32}],
            "root": "cd" * 32,
            "public_key": "ef" * 32,
            "signature": "01" * 64,
        }
    )

    date: dt.date = Field(description="The day that began; heads include its ticks (日期).")
    partitions: list[PartitionHead] = Field(
        min_length=1, max_length=MAX_PARTITIONS, description="Each partition's head (各分区链头)."
    )
    root: Hex32 = Field(description="Merkle root over the heads, hex (默克尔根).")
    public_key: Hex32 = Field(description="The registry's Ed25519 public key, hex (公钥).")
    signature: Hex64 = Field(description="Ed25519 signature of the statement, hex (签名).")

    def expected_subject(self) -> str:
        """``system``: the checkpoint covers every organization."""
        return SYSTEM_SUBJECT


EVENTS = (ChainCheckpointed,)
