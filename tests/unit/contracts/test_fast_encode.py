"""The fast binary encoder writes the bytes of the project's one (issue 25).

For every event type, hypothesis varies the type's example field by field
(as ``test_fast_decode`` does) and the envelope's times (zones, microseconds,
with and without ``recordedtime``): :func:`encode_trusted` and
:func:`encode_binary` must give the same key, value and headers. The outputs
of the bench's history, as both fold services built them, are checked too.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.bindings import decode, encode_binary
from contracts.envelope import new_envelope
from contracts.fast.binary import decode_trusted, encode_trusted
from contracts.types import EVENT_TYPES
from tests.bench.golden import fold_history
from tests.unit.contracts.test_fast_decode import instants, payloads

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
@settings(max_examples=8, deadline=None, derandomize=True)
@given(data=st.data(), recorded=st.one_of(st.none(), instants()), time=instants())
def test_every_event_type_encodes_alike(
    event_type: str, data: st.DataObject, recorded: datetime | None, time: datetime
) -> None:
    payload = data.draw(payloads(EVENT_TYPES[event_type]))
    env = new_envelope(payload, id="e-1", source="urn:x", time=time, recordedtime=recorded)
    assert encode_trusted(env) == encode_binary(env)


def test_the_bench_history_s_outputs_encode_alike() -> None:
    folded = fold_history(2000)
    assert folded.duty_outputs
    assert folded.outputs
    for out in folded.duty_outputs + folded.outputs:
        checked, trusted = decode(out.value, out.headers), decode_trusted(out.value, out.headers)
        assert encode_trusted(checked) == encode_binary(checked)
        assert encode_trusted(trusted) == (out.key, out.value, list(out.headers))
