"""The wire format between the judge and a worker: plain data, never a pickle.

A message is a dict. It travels as a length-prefixed JSON header followed by
the raw bytes of every NumPy array in it; the header gives each array's dtype
and shape. Only dtypes of plain data are accepted (numbers, booleans, strings,
dates): an object dtype would make the bytes pointers, and unpickling bytes
that learner code produced would let that code run inside the judge, so
nothing here ever builds objects from bytes or unpickles.

Each value keeps its exact type: a list stays a list, a tuple a tuple, a NumPy
scalar a NumPy scalar. Anything else (a set, an object of the learner's own
class, an ndarray subclass) arrives as an :class:`Opaque` that carries its type
name and a short repr, so the judge can still say what came back.
"""
import json
import struct
from dataclasses import dataclass

import numpy as np

from .framing import MESSAGE_LIMIT, OUTPUT_LIMIT, TooLarge

MAX_ITEMS = 100_000   # longer containers travel as an Opaque description
MAX_DEPTH = 20
MAX_TEXT = OUTPUT_LIMIT  # characters kept of a string or a repr
# a message's JSON header: its bytes, and its lists and dicts. Arrays travel outside it;
# past these, a header costs the judge far more time and memory to read than it
# costs learner code to write, so it is refused unread, whoever made it
HEADER_LIMIT = 16 * 2**20
CONTAINER_LIMIT = 1_000_000
_HEADER = struct.Struct(">I")
PLAIN_KINDS = "biufcSUMm"      # dtype kinds that are plain data: no objects, no structures


@dataclass(frozen=True)
class Opaque:
    """A value that could not travel as data: its type's name and a short repr."""

    type_name: str
    text: str

    def __repr__(self):
        return self.text


def type_name(value):
    """Name a value's type the way a learner reads it: 'list', 'numpy.ndarray'."""
    if isinstance(value, Opaque):
        return value.type_name
    cls = type(value)
    module = cls.__module__
    if module == "builtins":
        return cls.__qualname__
    if module.startswith("numpy"):
        return f"numpy.{cls.__qualname__}"
    return f"{module}.{cls.__qualname__}"


def encode(message):
    """Turn a message dict into bytes; raises TooLarge past MESSAGE_LIMIT, before copying much."""
    blobs = _Blobs()
    header = json.dumps(_pack(message, blobs, 0)).encode()
    if len(header) > HEADER_LIMIT or _containers(header) > CONTAINER_LIMIT:
        raise TooLarge(len(header) + blobs.size)
    parts = [_HEADER.pack(len(header)), header]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    return b"".join(parts)


def decode(data):
    """Turn bytes made by :func:`encode` back into a message dict."""
    data = memoryview(data)
    (header_size,) = _HEADER.unpack(data[:4])
    header = bytes(data[4:4 + header_size])
    if header_size > HEADER_LIMIT or _containers(header) > CONTAINER_LIMIT:
        raise ValueError("a message header too large to read")
    header = json.loads(header)
    blobs, offset = [], 4 + header_size
    while offset < len(data):
        (size,) = struct.unpack(">Q", data[offset:offset + 8])
        blobs.append(bytes(data[offset + 8:offset + 8 + size]))
        offset += 8 + size
    return _unpack(header, blobs)


def _containers(header):
    """How many lists and dicts a JSON header holds, at most (brackets in strings count too)."""
    return header.count(b"[") + header.count(b"{")


class _Blobs(list):
    """The arrays' bytes of one message, refusing to grow past MESSAGE_LIMIT."""

    size = 0

    def add(self, array):
        self.size += array.nbytes
        if self.size > MESSAGE_LIMIT:
            raise TooLarge(self.size)
        self.append(np.ascontiguousarray(array).tobytes())


def _pack(value, blobs, depth):
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        if kind is str and len(value) > MAX_TEXT:
            return {"str": value[:MAX_TEXT]}
        return value
    if depth > MAX_DEPTH:
        return _opaque(value)
    if kind in (list, tuple) and len(value) <= MAX_ITEMS:
        return {kind.__name__: [_pack(item, blobs, depth + 1) for item in value]}
    if kind is dict and len(value) <= MAX_ITEMS and all(type(k) is str for k in value):
        return {"dict": {k: _pack(v, blobs, depth + 1) for k, v in value.items()}}
    if (kind is np.ndarray or isinstance(value, np.generic)) and _plain(value.dtype):
        blobs.add(value)
        if kind is np.ndarray:
            return {"ndarray": [value.dtype.str, list(value.shape), len(blobs) - 1]}
        return {"scalar": [value.dtype.str, len(blobs) - 1]}
    return _opaque(value)


def _plain(dtype):
    return dtype.kind in PLAIN_KINDS and not dtype.hasobject and dtype.fields is None


def _array(dtype_text, shape, blob):
    """An array rebuilt from its bytes; refuses any dtype that is not plain data."""
    dtype = np.dtype(str(dtype_text))
    if not _plain(dtype):
        raise ValueError(f"refused an array of dtype {dtype}: only plain data may travel")
    return np.frombuffer(blob, dtype=dtype).reshape([int(n) for n in shape]).copy()


def _opaque(value):
    try:
        text = repr(value)
    except BaseException as error:  # a learner's __repr__ may raise anything
        text = f"<{type_name(value)} whose repr raised {type(error).__name__}>"
    if isinstance(value, np.ndarray):
        text = f"array of shape {value.shape} and dtype {value.dtype}: {text}"
    return {"opaque": [type_name(value), text[:MAX_TEXT]]}


def _unpack(value, blobs):
    if not isinstance(value, dict):
        return value
    ((tag, content),) = value.items()
    if tag == "str":
        return content
    if tag == "list":
        return [_unpack(item, blobs) for item in content]
    if tag == "tuple":
        return tuple(_unpack(item, blobs) for item in content)
    if tag == "dict":
        return {k: _unpack(v, blobs) for k, v in content.items()}
    if tag == "ndarray":
        dtype_text, shape, index = content
        return _array(dtype_text, shape, blobs[index])
    if tag == "scalar":
        dtype_text, index = content
        return _array(dtype_text, [], blobs[index])[()]
    if tag == "opaque":
        return Opaque(*content)
    raise ValueError(f"unknown tag {tag!r} in a message")
