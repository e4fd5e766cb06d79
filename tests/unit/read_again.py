"""What a restarted consumer reads again, as the pipeline's stored positions make it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from services.common.sequencer import Delivery


def read_again(read: Sequence[Delivery], holding: Mapping[int, int]) -> list[Delivery]:
    """Of the deliveries ``read`` before a restart, in their order, those read again: each
    partition from the offset of the first record the sequencer still held (``holding``)."""
    return [d for d in read if d.partition in holding and d.offset >= holding[d.partition]]
