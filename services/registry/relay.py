"""The registry's outbox relay (登记处发件箱转发): the common relay, chaining the log.

``python -m services.registry.relay <schema> <batch size>``, started by the
registry when the log is chained: it hashes each record of
``zeren.events.v1`` as it publishes it and makes the daily checkpoints
(:class:`~services.registry.adapters.chain.ChainStamper`), on a core of its
own. The registry's settings reach it in the environment.
"""

from __future__ import annotations

from contracts.topics import EVENTS_TOPIC
from services.common.kafka_admin import partition_counts
from services.common.relay import main
from services.common.settings import Settings
from services.registry.adapters.chain import ChainStamper, ChainWriter, SigningKey
from services.registry.config import RegistryConfig
from services.registry.domain.chain import ChainHeads


async def chain_stamper(settings: Settings) -> ChainStamper:
    """The stamper of the registry's log under ``settings`` (heads restored by the relay)."""
    config, topic = RegistryConfig.from_env(), settings.topic(EVENTS_TOPIC)
    partitions = (await partition_counts(settings.kafka, [topic]))[topic]
    key = SigningKey.load_or_create(config.key_path)
    return ChainStamper(
        settings.schema("registry"),
        ChainWriter(ChainHeads(), key, topic, partitions),
        config.checkpoints_path(settings.topic_suffix),
    )


if __name__ == "__main__":
    main(chain_stamper)
