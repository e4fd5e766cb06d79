"""Contract violations (契约违规): stable, bilingual error reports.

Every way a message can break the contract ends up as a list of
:class:`Issue` rows, each naming the offending field with a stable code that
the registry copies into ``SubmissionRejected`` and that campus systems can
switch on. Pydantic's error types are mapped onto these codes here, in one
place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from contracts.text import escaped

MISSING = "schema.missing"
NAIVE_DATETIME = "schema.naive_datetime"
UNKNOWN_TYPE = "schema.unknown_type"
EXTRA_FIELD = "schema.extra_field"
TOO_LARGE = "schema.too_large"
BAD_SPECVERSION = "schema.bad_specversion"
BAD_JSON = "schema.bad_json"
BAD_TYPE = "schema.bad_type"
BAD_VALUE = "schema.bad_value"
BAD_FORMAT = "schema.bad_format"
TOO_LONG = "schema.too_long"
OUT_OF_RANGE = "schema.out_of_range"
NOT_CLOUDEVENT = "schema.not_cloudevent"
SUBJECT_MISMATCH = "schema.subject_mismatch"
DATE_ORDER = "schema.date_order"
INCONSISTENT = "schema.inconsistent"
INVALID = "schema.invalid"
BAD_CHARACTER = "schema.bad_character"

#: Chinese text for each code (shown to unit secretaries and campus systems).
MESSAGES_ZH: dict[str, str] = {
    MISSING: "缺少字段",
    NAIVE_DATETIME: "时间必须带时区",
    UNKNOWN_TYPE: "未知事件类型",
    EXTRA_FIELD: "不允许的额外字段",
    TOO_LARGE: "消息过大",
    BAD_SPECVERSION: "不支持的 specversion",
    BAD_JSON: "JSON 格式错误",
    BAD_TYPE: "字段类型错误",
    BAD_VALUE: "取值不在允许范围内",
    BAD_FORMAT: "格式不正确",
    TOO_LONG: "长度超过上限",
    OUT_OF_RANGE: "数值超出允许范围",
    NOT_CLOUDEVENT: "不是 CloudEvents 消息",
    SUBJECT_MISMATCH: "subject 与负责组织不一致",
    DATE_ORDER: "日期先后顺序错误",
    INCONSISTENT: "字段之间相互矛盾",
    INVALID: "字段无效",
    BAD_CHARACTER: "含有控制字符或双向格式字符",
}

# Pydantic error types (``ErrorDetails["type"]``) that map to a specific code;
# any other ``*_type`` error is a BAD_TYPE, anything else INVALID.
_PYDANTIC_CODES: dict[str, str] = {
    "missing": MISSING,
    "union_tag_not_found": MISSING,
    "timezone_aware": NAIVE_DATETIME,
    "union_tag_invalid": UNKNOWN_TYPE,
    "extra_forbidden": EXTRA_FIELD,
    "json_invalid": BAD_JSON,
    "literal_error": BAD_VALUE,
    "enum": BAD_VALUE,
    "string_pattern_mismatch": BAD_FORMAT,
    "date_from_datetime_parsing": BAD_FORMAT,
    "date_parsing": BAD_FORMAT,
    "datetime_parsing": BAD_FORMAT,
    "datetime_from_date_parsing": BAD_FORMAT,
    "decimal_parsing": BAD_FORMAT,
    "string_too_long": TOO_LONG,
    "string_too_short": OUT_OF_RANGE,
    "too_long": TOO_LONG,
    "too_short": OUT_OF_RANGE,
    "greater_than": OUT_OF_RANGE,
    "greater_than_equal": OUT_OF_RANGE,
    "less_than": OUT_OF_RANGE,
    "less_than_equal": OUT_OF_RANGE,
    "decimal_max_digits": OUT_OF_RANGE,
    "decimal_max_places": OUT_OF_RANGE,
    "decimal_whole_digits": OUT_OF_RANGE,
}


class Issue(BaseModel):
    """One contract violation (违规项): which field, which rule, in two languages."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "field": "time",
                    "code": NAIVE_DATETIME,
                    "message_en": "time: Input should have timezone info",
                    "message_zh": "time：时间必须带时区",
                }
            ]
        },
    )

    field: str = Field(
        max_length=256,
        description="Dotted path of the offending field, e.g. `data.held_on` (出错字段).",
    )
    code: str = Field(max_length=64, description="Stable machine-readable code (错误代码).")
    message_en: str = Field(max_length=1000, description="English explanation.")
    message_zh: str = Field(max_length=1000, description="Chinese explanation (中文说明).")


class ContractViolation(ValueError):  # noqa: N818 - the domain's name for it (契约违规)
    """A message breaks the contract (契约违规); carries one :class:`Issue` per problem."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        if not issues:
            raise ValueError("a ContractViolation needs at least one issue")
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("; ".join(f"{i.field}: {i.code}: {i.message_en}" for i in self.issues))

    @property
    def fields(self) -> list[str]:
        """The offending fields, in report order."""
        return [issue.field for issue in self.issues]

    @property
    def codes(self) -> list[str]:
        """The issue codes, in report order."""
        return [issue.code for issue in self.issues]

    @classmethod
    def single(cls, field: str, code: str, message_en: str) -> ContractViolation:
        """A violation with one issue whose Chinese text is the code's standard text."""
        return cls([issue(field, code, message_en)])

    @classmethod
    def from_validation_error(
        cls, error: ValidationError, *, strip: Iterable[str] = ()
    ) -> ContractViolation:
        """Translate pydantic's errors; leading loc items in ``strip`` (union tags) are dropped."""
        tags = frozenset(strip)
        return cls([_issue_from_details(details, tags) for details in error.errors()])


def issue(field: str, code: str, message_en: str, detail_zh: str | None = None) -> Issue:
    """Build an :class:`Issue`; both messages start with the field name, and the Chinese
    one says why (``detail_zh``) after the code's standard text when the rule says it.

    The field name and the message may quote a hostile message (an extra field
    named NUL): their unsafe characters are escaped (:func:`~contracts.text.escaped`).
    """
    zh = MESSAGES_ZH.get(code, MESSAGES_ZH[INVALID])
    if detail_zh:
        zh = f"{zh}：{detail_zh}"
    field, message_en = escaped(field) or "message", escaped(message_en)
    return Issue(
        field=field[:256],
        code=code,
        message_en=f"{field}: {message_en}"[:1000],
        message_zh=f"{field}：{zh}"[:1000],
    )


def field_error(
    field: str, code: str, message_en: str, detail_zh: str | None = None
) -> PydanticCustomError:
    """An error for a model validator that names its field (pydantic gives it no loc).

    ``code`` is one of this module's ``schema.*`` codes; the field travels in
    the error context and is appended to the location by the translation, as does
    the rule's reason in Chinese (``detail_zh``), if given.
    """
    context = {"field": field} | ({"detail_zh": detail_zh} if detail_zh else {})
    return PydanticCustomError(code, "{field}: " + message_en, context)


def _issue_from_details(details: ErrorDetails, tags: frozenset[str]) -> Issue:
    error_type = details["type"]
    ctx = details.get("ctx") or {}
    loc = [str(part) for part in details["loc"]]
    if loc and loc[0] in tags:
        loc = loc[1:]
    message = details["msg"]
    if error_type.startswith("schema."):  # a field's own validator, or through field_error
        if "field" in ctx:
            loc.append(ctx["field"])
            message = message.removeprefix(f"{ctx['field']}: ")
        code = error_type
    elif error_type.startswith("union_tag_"):  # the discriminator: the type attribute
        loc = ["type"]
        code = _PYDANTIC_CODES[error_type]
        if code == UNKNOWN_TYPE:
            message = f"unknown event type {ctx.get('tag')!r}"
    elif loc == ["specversion"] and error_type == "literal_error":
        code = BAD_SPECVERSION
    else:
        code = _PYDANTIC_CODES.get(
            error_type, BAD_TYPE if error_type.endswith("_type") else INVALID
        )
    return issue(".".join(loc) or "message", code, message, ctx.get("detail_zh"))
