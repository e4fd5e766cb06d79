"""Shared building blocks of every event payload (事件载荷).

``Payload`` carries the common model configuration; ``OrganizationPayload``
is a fact about one organization, which is the CloudEvents ``subject`` and
the Kafka key. Constrained types keep every string and list bounded.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from contracts.errors import (
    BAD_CHARACTER,
    BAD_FORMAT,
    BAD_TYPE,
    DATE_ORDER,
    OUT_OF_RANGE,
    field_error,
)
from contracts.text import UNSAFE_IN_NAME, UNSAFE_IN_TEXT

ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
#: CloudEvents ids: visible ASCII, no spaces.
EVENT_ID_PATTERN = r"^[\x21-\x7e]+$"

#: The days a submitted fact may bear (日期范围): the registry's history starts after 1949,
#: and no plan reaches past 2200; downstream date arithmetic stays far from ``date.max``.
EARLIEST_DAY, LATEST_DAY = date(1949, 1, 1), date(2200, 12, 31)
_DAY_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
# RFC 3339 date-time (section 5.6; a space for the T, as the RFC allows), never a Unix timestamp.
_INSTANT_TEXT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})?"
)


def _written_as(kind: type[date], pattern: re.Pattern[str], form: str) -> Any:
    """Accept a ``kind`` or its RFC 3339 text ``form`` only; the text is then parsed leniently
    (strict mode would refuse a string once a validator has seen it)."""

    def check(value: object) -> object:
        if isinstance(value, str):
            if not pattern.fullmatch(value):
                raise PydanticCustomError(BAD_FORMAT, f"must be written {form} (RFC 3339)")
        elif type(value) is not kind:
            raise PydanticCustomError(BAD_TYPE, f"must be a {kind.__name__}, written {form}")
        return value

    return BeforeValidator(check)


def _between(earliest: date, latest: date) -> Any:
    def check(value: date) -> date:
        if not earliest <= value <= latest:
            raise PydanticCustomError(
                OUT_OF_RANGE, f"must be between {earliest.isoformat()} and {latest.isoformat()}"
            )
        return value

    return AfterValidator(check)


def _without(unsafe: re.Pattern[str]) -> Any:
    def check(value: str) -> str:
        found = unsafe.search(value)
        if found is not None:
            raise PydanticCustomError(
                BAD_CHARACTER,
                "control or bidirectional formatting character U+{code:04X} at {at}",
                {"code": ord(found.group()), "at": found.start()},
            )
        return value

    return AfterValidator(check)


#: A day of a submitted fact: ``YYYY-MM-DD`` between 1949-01-01 and 2200-12-31.
Day = Annotated[
    date,
    _written_as(date, _DAY_TEXT, "YYYY-MM-DD"),
    Field(strict=False),
    _between(EARLIEST_DAY, LATEST_DAY),
]
#: A moment with its time zone, RFC 3339, within the same years as :data:`Day`.
Instant = Annotated[
    AwareDatetime,
    _written_as(datetime, _INSTANT_TEXT, "YYYY-MM-DDThh:mm:ss±hh:mm"),
    Field(strict=False),
    _between(
        datetime(EARLIEST_DAY.year, 1, 1, tzinfo=UTC),
        datetime(LATEST_DAY.year, 12, 31, 23, 59, 59, tzinfo=UTC),
    ),
]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=ID_PATTERN)]
EventId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=EVENT_ID_PATTERN)]
Version = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=ID_PATTERN)]
PersonName = Annotated[
    str, StringConstraints(min_length=1, max_length=64), _without(UNSAFE_IN_NAME)
]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200), _without(UNSAFE_IN_NAME)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), _without(UNSAFE_IN_TEXT)]
Year = Annotated[int, Field(ge=1921, le=2200)]
Question = Annotated[int, Field(ge=1, le=36)]
Count = Annotated[int, Field(ge=0, le=100_000)]
Month = Annotated[str, StringConstraints(pattern=r"^(19[4-9]\d|2[01]\d\d|2200)-(0[1-9]|1[0-2])$")]
EvidenceIds = Annotated[list[EventId], Field(max_length=50)]


def _decimal_schema(whole: int, places: int, *, positive: bool) -> WithJsonSchema:
    """JSON Schema of a bounded decimal: a number, or a decimal string (the canonical form)."""
    bound = {"exclusiveMinimum": 0} if positive else {"minimum": 0}
    pattern = rf"^\d{{1,{whole}}}(\.\d{{1,{places}}})?$"
    return WithJsonSchema(
        {"anyOf": [{"type": "number", **bound}, {"type": "string", "pattern": pattern}]}
    )


Money = Annotated[
    Decimal, Field(gt=0, max_digits=10, decimal_places=2), _decimal_schema(8, 2, positive=True)
]
Funds = Annotated[
    Decimal, Field(ge=0, max_digits=14, decimal_places=2), _decimal_schema(12, 2, positive=False)
]
Hours = Annotated[
    Decimal, Field(gt=0, max_digits=5, decimal_places=1), _decimal_schema(4, 1, positive=True)
]


def example(payload: dict[str, Any]) -> ConfigDict:
    """The model config of a payload class: its single JSON example."""
    return ConfigDict(json_schema_extra={"examples": [payload]})


class Payload(BaseModel):
    """Base of every event payload (事件载荷): frozen, strict, no extra fields.

    ``date_order`` lists ``(later, earlier)`` date fields; a payload whose
    ``later`` precedes ``earlier`` is rejected, naming ``later``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    date_order: ClassVar[tuple[tuple[str, str], ...]] = ()

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        for later, earlier in self.date_order:
            later_value: date | None = getattr(self, later)
            earlier_value: date | None = getattr(self, earlier)
            if later_value and earlier_value and later_value < earlier_value:
                raise field_error(
                    later, DATE_ORDER, f"must not be before {earlier} ({earlier_value})"
                )
        return self

    def expected_subject(self) -> str:
        """The CloudEvents ``subject`` (and Kafka key) an envelope of this payload carries."""
        raise NotImplementedError(type(self).__name__)

    @classmethod
    def example(cls) -> Self:
        """The payload's documented example, validated as it travels (from JSON)."""
        extra = cls.model_config.get("json_schema_extra")
        documented = extra.get("examples") if isinstance(extra, dict) else None
        if not isinstance(documented, list) or len(documented) != 1:
            raise TypeError(f"{cls.__name__} must document exactly one example")
        return cls.model_validate_json(json.dumps(documented[0], ensure_ascii=False))


class OrganizationPayload(Payload):
    """A fact charged or credited to one organization (责任组织)."""

    organization_id: Id = Field(
        description="Id of the responsible organization (责任组织); the envelope's subject.",
    )

    def expected_subject(self) -> str:
        """The responsible organization's id."""
        return self.organization_id
