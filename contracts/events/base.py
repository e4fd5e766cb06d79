"""Shared building blocks of every event payload (事件载荷).

``Payload`` carries the common model configuration; ``OrganizationPayload``
is a fact about one organization, which is the CloudEvents ``subject`` and
the Kafka key. Constrained types keep every string and list bounded.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from contracts.errors import DATE_ORDER, field_error

ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
#: CloudEvents ids: visible ASCII, no spaces.
EVENT_ID_PATTERN = r"^[\x21-\x7e]+$"

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=ID_PATTERN)]
EventId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=EVENT_ID_PATTERN)]
Version = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=ID_PATTERN)]
PersonName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Year = Annotated[int, Field(ge=1921, le=2200)]
Question = Annotated[int, Field(ge=1, le=36)]
Count = Annotated[int, Field(ge=0, le=100_000)]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
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
