"""The wire format keeps exact types and never builds objects from bytes."""
import json
import pickle
import struct

import numpy as np
import pytest

from kata.judge.wire import Opaque, decode, encode


@pytest.mark.parametrize("value", [
    None, True, 3, 2.5, float("inf"), "text", [1, (2, 3)], {"a": [1]},
    np.array([[1, 2], [3, 4]]), np.array([1.5], dtype=np.float32), np.int64(7), np.float64(0.5),
    np.array([], dtype=int), np.complex128(1 + 2j), np.array("5.0"), np.arange(6)[::2],
])
def test_values_come_back_with_their_type(value):
    back = decode(encode({"value": value}))["value"]
    assert type(back) is type(value)
    if isinstance(value, (np.ndarray, np.generic)):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value


def test_what_only_a_pickle_could_carry_arrives_as_a_description():
    class Sneaky:
        def __reduce__(self):
            return (print, ("this must never run in the judge",))

    message = decode(encode({"objects": np.array([Sneaky()], dtype=object), "own": Sneaky(),
                             "set": {1, 2}, "masked": np.ma.masked_array([1, 2]),
                             "record": np.zeros(2, dtype=[("a", int)])}))
    assert all(isinstance(value, Opaque) for value in message.values())
    assert message["set"].type_name == "set" and message["masked"].type_name == "numpy.MaskedArray"


@pytest.mark.parametrize("dtype", ["|O", "O", "|V8", "[('a', '<i8')]"])
def test_a_forged_message_naming_an_object_or_record_dtype_is_refused(dtype):
    # the bytes of an object array would be pointers: building one would crash or worse
    header = json.dumps({"dict": {"value": {"ndarray": [dtype, [1], 0]}}}).encode()
    forged = struct.pack(">I", len(header)) + header + struct.pack(">Q", 8) + b"\x01" * 8
    with pytest.raises((ValueError, TypeError)) as refused:
        decode(forged)
    assert "refused" in str(refused.value) or "data type" in str(refused.value)


def test_a_pickle_is_not_a_message():
    with pytest.raises(Exception):
        decode(pickle.dumps({"op": "result"}))


def test_a_header_costlier_to_read_than_to_write_is_refused_unread():
    from kata.judge.wire import CONTAINER_LIMIT
    header = b"[" + b"[]," * CONTAINER_LIMIT + b"[]]"  # a few MB: a million lists to build
    with pytest.raises(ValueError, match="too large to read"):
        decode(struct.pack(">I", len(header)) + header)


def test_a_value_with_too_many_lists_to_read_is_too_large_to_send(monkeypatch):
    from kata.judge import wire
    from kata.judge.framing import TooLarge
    monkeypatch.setattr(wire, "CONTAINER_LIMIT", 1_000)  # a million would take seconds to build
    encode({"value": [[] for _ in range(400)]})  # 402 lists and 401 dicts, with the tags
    with pytest.raises(TooLarge):
        encode({"value": [[] for _ in range(600)]})
