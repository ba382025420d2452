"""The model's frozen dataclasses as JSON text and back, explicitly: decoding builds only plain
values and the model's own classes, so a cache can hold nothing that runs.

Plain JSON values stand for themselves (lists stay lists); everything else is an object with one
tag: `t` tuple, `m` mapping with text keys, `p` mapping with other keys (pairs), `d` date,
`dt` date and time (naive ISO text, time zone, fold), `b` bytes (base64), `s` set, `f` frozenset,
`c` a dataclass of the model (class name, fields by name). YAML values of `extra` (dates,
mappings with number keys, sets) come back as they were read: equal and with the same repr.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from generator.engine.keys import model_classes

CLASSES = {cls.__name__: cls for cls in model_classes()}


class Uncodable(ValueError):
    """A value the codec does not know (or a cycle): such an entry is not cached."""


def encode(value: object) -> str:
    """`value` as compact JSON text; Uncodable when it holds what the codec does not know."""
    try:
        return json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        raise Uncodable("nested too deep, or a cycle") from None


def decode(text: str | bytes) -> object:
    """The value `encode` made `text` of; ValueError (or TypeError) when it is not such text."""
    return _value(json.loads(text))


def plain(value: object) -> object:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is list:
        return [plain(v) for v in value]
    encoder = ENCODERS.get(kind)
    if encoder is not None:
        return encoder(value)
    if CLASSES.get(kind.__name__) is kind:
        names = (f.name for f in dataclasses.fields(value))
        return {"c": [kind.__name__, {n: plain(getattr(value, n)) for n in names}]}
    raise Uncodable(f"cannot store a {kind.__name__}")


def _mapping(value: dict) -> dict:
    if all(type(k) is str for k in value):
        return {"m": {k: plain(v) for k, v in value.items()}}
    return {"p": [[plain(k), plain(v)] for k, v in value.items()]}


def _zone(tz: object) -> list | None:
    if tz is None:
        return None
    if type(tz) is ZoneInfo and tz.key:
        return ["z", tz.key]
    if type(tz) is timezone:
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        own = name if name != timezone(offset).tzname(None) else None
        return ["o", offset.days * 86400 + offset.seconds, offset.microseconds, own]
    raise Uncodable(f"cannot store a time zone {tz!r}")


def _datetime(value: datetime) -> dict:
    naive = value.replace(tzinfo=None, fold=0).isoformat()
    return {"dt": [naive, _zone(value.tzinfo), value.fold]}


def _unordered(value: set | frozenset) -> list:
    return sorted((plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))


ENCODERS: dict[type, Callable[[object], object]] = {
    tuple: lambda v: {"t": [plain(x) for x in v]},
    dict: _mapping,
    datetime: _datetime,
    date: lambda v: {"d": v.isoformat()},
    bytes: lambda v: {"b": base64.b64encode(v).decode("ascii")},
    set: lambda v: {"s": _unordered(v)},
    frozenset: lambda v: {"f": _unordered(v)},
}


def _value(data: object) -> object:
    if type(data) is list:
        return [_value(v) for v in data]
    if type(data) is dict:
        ((tag, arg),) = data.items()
        return DECODERS[tag](arg)
    return data


def _tz(spec: list | None) -> object:
    if spec is None:
        return None
    if spec[0] == "z":
        return ZoneInfo(spec[1])
    offset = timedelta(seconds=spec[1], microseconds=spec[2])
    return timezone(offset) if spec[3] is None else timezone(offset, spec[3])


def _instance(arg: list) -> object:
    name, fields = arg
    cls = CLASSES[name]
    return cls(**{k: _value(v) for k, v in fields.items()})


DECODERS: dict[str, Callable[[object], object]] = {
    "t": lambda a: tuple(_value(v) for v in a),
    "m": lambda a: {k: _value(v) for k, v in a.items()},
    "p": lambda a: {_value(k): _value(v) for k, v in a},
    "dt": lambda a: datetime.fromisoformat(a[0]).replace(tzinfo=_tz(a[1]), fold=a[2]),
    "d": lambda a: date.fromisoformat(a),
    "b": lambda a: base64.b64decode(a, validate=True),
    "s": lambda a: {_value(v) for v in a},
    "f": lambda a: frozenset(_value(v) for v in a),
    "c": _instance,
}
