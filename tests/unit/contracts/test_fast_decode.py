"""The msgspec decoder of the trusted log agrees with the pydantic one (issue 25).

For every event type, hypothesis varies the type's documented example field
by field (a value the pydantic model refuses is not kept: the log holds only
valid events); the record the project encodes is decoded both ways and must
give equal envelopes of the same class, which encode to the same bytes. The
bench's history is checked the same way, record by record.
"""

from __future__ import annotations

import json
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from contracts.bindings import decode, encode_binary
from contracts.envelope import new_envelope
from contracts.errors import INVALID, ContractViolation
from contracts.events.base import Payload
from contracts.fast.binary import decode_trusted
from contracts.fast.build import trusted_envelope, trusted_payload
from contracts.fast.structs import plain_type
from contracts.types import EVENT_TYPES
from tests.bench.golden import bench_log

pytestmark = pytest.mark.unit

ZONES = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]
WORD = st.text("abcXYZ0123456789._:-", min_size=1, max_size=12)


def json_values(kind: Any) -> st.SearchStrategy[Any]:
    """JSON values of the (constraint-free) type ``kind``, many of them valid."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Union:
        return st.one_of(*(json_values(a) for a in args))
    if origin in (list, tuple):
        return st.lists(json_values(args[0]), max_size=3)
    if origin is Literal:
        return st.sampled_from(args)
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        fields = msgspec.structs.fields(kind)
        return st.fixed_dictionaries({f.encode_name: json_values(f.type) for f in fields})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from([member.value for member in kind])
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        bool: st.booleans(),
        int: st.one_of(st.integers(0, 40), st.integers(1921, 2200)),
        str: st.one_of(WORD, st.dates().map(lambda d: d.strftime("%Y-%m"))),
        date: st.dates(date(1949, 1, 1), date(2200, 12, 31)).map(date.isoformat),
        datetime: instants().map(datetime.isoformat),
        Decimal: st.decimals("0.1", "9999", places=1).map(str),
    }
    return simple[kind]


def instants() -> st.SearchStrategy[datetime]:
    return st.builds(
        lambda moment, zone: moment.replace(tzinfo=zone),
        st.datetimes(datetime(1950, 1, 1), datetime(2199, 1, 1)),
        st.sampled_from(ZONES),
    )


@st.composite
def payloads(draw: st.DrawFn, model: type[Payload]) -> Payload:
    """``model``'s example with each field replaced by a drawn value the model accepts."""
    document = json.loads(model.example().model_dump_json())
    for name, info in model.model_fields.items():
        trial = {**document, name: draw(json_values(plain_type(info.annotation)))}
        try:
            model.model_validate_json(json.dumps(trial))
        except ValidationError:
            continue
        document = trial
    return model.model_validate_json(json.dumps(document))


def assert_agree(value: bytes, headers: list[tuple[str, bytes]]) -> None:
    checked, fast = decode(value, headers), decode_trusted(value, headers)
    assert type(fast) is type(checked)
    assert type(fast.data) is type(checked.data)
    assert fast == checked
    assert encode_binary(fast) == encode_binary(checked)
    assert fast.model_dump_json() == checked.model_dump_json()


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
@settings(max_examples=8, deadline=None, derandomize=True)
@given(data=st.data(), recorded=st.one_of(st.none(), instants()), time=instants())
def test_every_event_type_decodes_alike(
    event_type: str, data: st.DataObject, recorded: datetime | None, time: datetime
) -> None:
    payload = data.draw(payloads(EVENT_TYPES[event_type]))
    env = new_envelope(payload, id="e-1", source="urn:x", time=time, recordedtime=recorded)
    _, value, headers = encode_binary(env)
    assert_agree(value, headers)


def test_the_bench_history_decodes_alike() -> None:
    for _, _, value, headers in bench_log(2000):
        assert_agree(value, list(headers))


def test_a_record_not_of_its_type_s_shape_is_refused() -> None:
    env = next(iter(EVENT_TYPES.values())).example()
    envelope = new_envelope(env, id="e-1", source="urn:x", time=datetime(2020, 1, 1, tzinfo=UTC))
    _, value, headers = encode_binary(envelope)
    broken = json.loads(value)
    broken[next(iter(broken))] = {"not": "a value"}
    with pytest.raises(ContractViolation):
        decode_trusted(json.dumps(broken).encode(), headers)
    with pytest.raises(ContractViolation):
        decode_trusted(value, [(n, v) for n, v in headers if n != "ce_type"])


def test_every_contract_model_has_a_struct() -> None:
    models = {plain_type(model) for model in EVENT_TYPES.values()}
    assert len(models) == len(EVENT_TYPES)
    assert all(issubclass(m, msgspec.Struct) for m in models)
    assert BaseModel not in models


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_a_trusted_envelope_is_the_validated_one(event_type: str) -> None:
    payload = EVENT_TYPES[event_type].example()
    moment = datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    built = trusted_envelope(payload, id="e-1", source="urn:x", time=moment)
    checked = new_envelope(payload, id="e-1", source="urn:x", time=moment)
    assert type(built) is type(checked)
    assert built == checked
    assert encode_binary(built) == encode_binary(checked)


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_a_trusted_payload_is_the_validated_one(event_type: str) -> None:
    model = EVENT_TYPES[event_type]
    example = model.example()
    given = {name: getattr(example, name) for name in example.model_fields_set}
    built = trusted_payload(model, given)
    assert built == example
    assert built.model_fields_set == example.model_fields_set
    assert built.model_dump_json() == example.model_dump_json()


@pytest.mark.parametrize("header", ["ce_id", "ce_time", "ce_schemaversion"])
def test_a_record_missing_a_required_attribute_is_refused(header: str) -> None:
    payload = next(iter(EVENT_TYPES.values())).example()
    envelope = new_envelope(
        payload, id="e-1", source="urn:x", time=datetime(2020, 1, 1, tzinfo=UTC)
    )
    _, value, headers = encode_binary(envelope)
    with pytest.raises(ContractViolation) as refused:
        decode_trusted(value, [(n, v) for n, v in headers if n != header])
    assert refused.value.fields == [header.removeprefix("ce_")]
    assert refused.value.codes == [INVALID]
