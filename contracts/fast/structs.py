"""msgspec Structs generated from the pydantic contract models (快速解码结构).

Built at import from the pydantic models themselves, so there is no generated
file to keep fresh: each payload model (and each model nested in one) gets a
:class:`msgspec.Struct` with the same field names, the same types with the
constraints left out (``Annotated`` metadata), the same defaults, and unknown
fields forbidden. The constraints are the registry's business: it validated
every event of the trusted log with the pydantic models before appending it.

:func:`builder` turns a decoded Struct into the pydantic instance the domain
works on, without validating it again (what ``model_construct`` does, minus
its per-field bookkeeping). Every field counts as set.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union

import msgspec
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

_SCALARS = (bool, int, str, date, datetime, Decimal, type(None))
_object_setattr = object.__setattr__


def plain_type(annotation: Any) -> Any:
    """``annotation`` with its constraints dropped and each pydantic model as its Struct."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return plain_type(args[0])
    if origin in (Union, types.UnionType):
        return Union[tuple(plain_type(a) for a in args)]  # noqa: UP007
    if origin is list:
        return list[plain_type(args[0])]  # type: ignore[misc]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple[plain_type(args[0]), ...]  # type: ignore[misc]
        return tuple[tuple(plain_type(a) for a in args)]  # type: ignore[misc]
    if origin is Literal:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return struct_of(annotation)
    if isinstance(annotation, type) and (issubclass(annotation, Enum) or annotation in _SCALARS):
        return annotation
    raise TypeError(f"no msgspec counterpart for {annotation!r}")


@cache
def struct_of(model: type[BaseModel]) -> type[msgspec.Struct]:
    """The Struct of ``model``: its fields in the model's order (keyword-only, so that a
    field with a default may come before one without), so that :func:`builder` can copy
    them out in that order at once."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for name, info in model.model_fields.items():
        kind = plain_type(info.annotation)
        if info.default_factory is not None:
            fields.append((name, kind, msgspec.field(default_factory=info.default_factory)))  # type: ignore[arg-type]
        elif info.default is not PydanticUndefined:
            fields.append((name, kind, info.default))
        else:
            fields.append((name, kind))
    struct: type[msgspec.Struct] = msgspec.defstruct(
        model.__name__,
        fields,
        kw_only=True,
        forbid_unknown_fields=True,
        frozen=True,
        module=__name__,
    )
    return struct


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a decoded value of ``annotation`` becomes the pydantic value (None: as it is)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return _converter(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return builder(annotation)
    if origin in (Union, types.UnionType):
        inner = [c for c in (_converter(a) for a in args) if c is not None]
        if not inner:
            return None
        if len(inner) > 1 or type(None) not in args or len(args) != 2:
            raise TypeError(f"unsupported union of models: {annotation!r}")
        convert = inner[0]
        return lambda value: None if value is None else convert(value)
    if origin in (list, tuple):
        nested = [_converter(a) for a in args if a is not Ellipsis]
        if not any(nested):
            return None
        if len(nested) != 1 or nested[0] is None:
            raise TypeError(f"unsupported container of models: {annotation!r}")
        convert_item = nested[0]
        return lambda values: origin(convert_item(v) for v in values)
    return None


@cache
def builder(model: type[BaseModel]) -> Callable[[msgspec.Struct], Any]:
    """A function building ``model`` from a decoded instance of :func:`struct_of` ``(model)``,
    unvalidated."""
    names = tuple(model.model_fields)
    convert = {
        name: c for name, info in model.model_fields.items() if (c := _converter(info.annotation))
    }
    fields_set = frozenset(names)
    if not convert and tuple(f.name for f in msgspec.structs.fields(struct_of(model))) == names:
        as_dict = msgspec.structs.asdict  # the fields in the model's order, in C
        return lambda struct: construct(model, as_dict(struct), fields_set)

    def build(struct: msgspec.Struct) -> Any:
        values = {name: getattr(struct, name) for name in names}
        for name, conversion in convert.items():
            values[name] = conversion(values[name])
        return construct(model, values, fields_set)

    return build


def construct(model: type[BaseModel], values: dict[str, Any], fields_set: frozenset[str]) -> Any:
    """An instance of ``model`` holding ``values`` (every field), not validated."""
    instance = model.__new__(model)
    _object_setattr(instance, "__dict__", values)
    _object_setattr(instance, "__pydantic_fields_set__", set(fields_set))
    _object_setattr(instance, "__pydantic_extra__", None)
    _object_setattr(instance, "__pydantic_private__", None)
    return instance
