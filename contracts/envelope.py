"""The CloudEvents 1.0 envelope (事件信封) every Zeren message travels in.

``Envelope`` is the common base: code that handles any event types its
argument as ``Envelope`` and dispatches on ``type(env.data)``. Each event type
has a specialised subclass (``ENVELOPE_MODELS[type]``) whose ``type`` is a
literal and whose ``data`` is the payload model; parsing picks the subclass by
the ``type`` attribute, so errors point at the exact field (``data.held_on``).

Parse untrusted bytes with :func:`parse_envelope` (JSON, size-limited) and
build new events with :func:`new_envelope`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Final, Literal, Self, Union, cast

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializeAsAny,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    create_model,
    model_validator,
)

from contracts.errors import (
    INCONSISTENT,
    SUBJECT_MISMATCH,
    TOO_LARGE,
    UNKNOWN_TYPE,
    ContractViolation,
    field_error,
)
from contracts.events.base import EventId, Id, Instant, Payload
from contracts.types import EVENT_TYPES, TYPE_PATTERN, event_type_of

#: Largest accepted message (Kafka value plus headers, or HTTP body), in bytes.
MAX_MESSAGE_BYTES = 64 * 1024
SPECVERSION: Final = "1.0"
DATA_CONTENT_TYPE: Final = "application/json"
SCHEMA_VERSION = 1

# RFC 3986 URI-reference characters (no spaces, no controls).
SOURCE_PATTERN = r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$"
Source = Annotated[str, StringConstraints(min_length=1, max_length=256, pattern=SOURCE_PATTERN)]
TypeName = Annotated[str, StringConstraints(max_length=70, pattern=TYPE_PATTERN)]


def _number_from_text(value: object) -> object:
    """The schema version written as text (``"1"``, as a Kafka header carries it and
    as the CloudEvents SDKs write an extension attribute) read as its number: ASCII
    digits, a few of them (``str.isdigit`` takes "²", and ``int`` refuses more than
    4,300 digits); anything else is left for the schema to refuse."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return value


#: 模式版本: one value accepted the same way in binary and structured mode, as the
#: number ``1`` or the text ``"1"``; always written as the number.
SchemaVersion = Annotated[
    int,
    BeforeValidator(_number_from_text),
    Field(ge=1, le=1000),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 1000},
                {"type": "string", "pattern": "^[0-9]{1,9}$"},
            ]
        }
    ),
]


class Envelope(BaseModel):
    """A CloudEvents 1.0 event with Zeren's extensions (事件信封).

    ``subject`` is the responsible organization's id and the Kafka key; see
    ``Payload.expected_subject`` for the clock and rule-version events.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    specversion: Literal["1.0"] = Field(description="CloudEvents version, always `1.0`.")
    id: EventId = Field(
        description="Event id, unique per source; duplicates are dropped (事件编号)."
    )
    source: Source = Field(
        description="URI-reference of the publishing system, e.g. `urn:campus:oa` (来源系统)."
    )
    type: TypeName = Field(description="Event type `zeren.<Name>` (事件类型).")
    subject: Id = Field(description="Id of the responsible organization; Kafka key (责任组织).")
    time: Instant = Field(
        description="When the fact happened or was decided, with time zone (发生时间)."
    )
    datacontenttype: Literal["application/json"] = Field(
        default=DATA_CONTENT_TYPE, description="Media type of `data`, always `application/json`."
    )
    recordedtime: Instant | None = Field(
        default=None,
        description="When the registry appended the event to the log (入账时间).",
    )
    schemaversion: SchemaVersion = Field(
        description="Version of the payload schema for this type, a number or its digits "
        "as text (模式版本)."
    )
    data: SerializeAsAny[Payload] = Field(description="The typed payload (事件内容).")

    @model_validator(mode="after")
    def _payload_fits(self) -> Self:
        model = EVENT_TYPES.get(self.type)
        if model is None:
            raise field_error("type", UNKNOWN_TYPE, f"unknown event type {self.type}")
        if type(self.data) is not model:
            raise field_error("data", INCONSISTENT, f"must be a {model.__name__} payload")
        expected = self.data.expected_subject()
        if self.subject != expected:
            raise field_error(
                "subject", SUBJECT_MISMATCH, f"must be {expected}, the payload's responsible party"
            )
        return self

    def recorded_at(self, when: datetime) -> Self:
        """A copy with ``recordedtime`` set to the aware ``when`` (the registry's stamp, 入账).

        Only the new value is validated: the rest of the envelope already was.
        """
        return self.model_copy(update={"recordedtime": _AWARE.validate_python(when)})


_AWARE: TypeAdapter[datetime] = TypeAdapter(AwareDatetime)


def _specialise(event_type: str, model: type[Payload]) -> type[Envelope]:
    literal: Any = Literal[event_type]
    return create_model(
        f"{model.__name__}Envelope",
        __base__=Envelope,
        __doc__=f"CloudEvents envelope of `{event_type}`: {model.__doc__}",
        type=(literal, Field(description="Event type (事件类型).")),
        data=(model, Field(description=f"The {model.__name__} payload (事件内容).")),
    )


#: The specialised envelope class of every event type.
ENVELOPE_MODELS: dict[str, type[Envelope]] = {
    event_type: _specialise(event_type, model) for event_type, model in EVENT_TYPES.items()
}

_ANY_ENVELOPE: TypeAdapter[Envelope] = TypeAdapter(
    cast(
        Any,
        Annotated[Union[tuple(ENVELOPE_MODELS.values())], Field(discriminator="type")],  # noqa: UP007
    )
)


def parse_envelope(raw: bytes | str) -> Envelope:
    """Validate one JSON-encoded envelope; raise :class:`ContractViolation` naming each field."""
    check_size(len(raw.encode() if isinstance(raw, str) else raw))
    try:
        return _ANY_ENVELOPE.validate_json(raw)
    except ValidationError as error:
        raise ContractViolation.from_validation_error(error, strip=EVENT_TYPES) from error


def check_size(size: int) -> None:
    """Reject a message of ``size`` bytes above :data:`MAX_MESSAGE_BYTES`."""
    if size > MAX_MESSAGE_BYTES:
        raise ContractViolation.single(
            "message", TOO_LARGE, f"message is {size} bytes, the limit is {MAX_MESSAGE_BYTES}"
        )


def new_envelope(
    payload: Payload,
    *,
    id: str,
    source: str,
    time: datetime,
    subject: str | None = None,
    recordedtime: datetime | None = None,
    schemaversion: int = SCHEMA_VERSION,
) -> Envelope:
    """Wrap ``payload`` in its specialised envelope; ``subject`` defaults to the payload's."""
    event_type = event_type_of(type(payload))
    try:
        return ENVELOPE_MODELS[event_type].model_validate(
            {
                "specversion": SPECVERSION,
                "id": id,
                "source": source,
                "type": event_type,
                "subject": payload.expected_subject() if subject is None else subject,
                "time": time,
                "datacontenttype": DATA_CONTENT_TYPE,
                "recordedtime": recordedtime,
                "schemaversion": schemaversion,
                "data": payload,
            }
        )
    except ValidationError as error:
        raise ContractViolation.from_validation_error(error) from error


EXAMPLE_TIME = datetime(2018, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def examples() -> Iterator[Envelope]:
    """One valid envelope per event type, built from each payload's documented example."""
    for event_type, model in EVENT_TYPES.items():
        yield new_envelope(
            model.example(),
            id=f"example-{event_type}",
            source="urn:zeren:examples",
            time=EXAMPLE_TIME,
            recordedtime=EXAMPLE_TIME + timedelta(seconds=2),
        )
