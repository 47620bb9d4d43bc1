"""The wire format keeps exact types and never unpickles."""
import pickle

import numpy as np
import pytest

from tests.grading.wire import Opaque, decode, encode


@pytest.mark.parametrize("value", [
    None, True, 3, 2.5, float("inf"), "text", [1, (2, 3)], {"a": [1]},
    np.array([[1, 2], [3, 4]]), np.array([1.5], dtype=np.float32), np.int64(7), np.float64(0.5),
    np.array([], dtype=int),
])
def test_values_come_back_with_their_type(value):
    back = decode(encode({"value": value}))["value"]
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value


def test_what_only_a_pickle_could_carry_arrives_as_a_description():
    class Sneaky:
        def __reduce__(self):
            return (print, ("this must never run in the judge",))

    message = decode(encode({"objects": np.array([Sneaky()], dtype=object), "own": Sneaky(),
                             "set": {1, 2}, "masked": np.ma.masked_array([1, 2])}))
    assert all(isinstance(value, Opaque) for value in message.values())
    assert message["set"].type_name == "set" and message["masked"].type_name == "numpy.MaskedArray"


def test_a_pickle_in_a_message_is_refused():
    evil = encode({"value": np.array([1])}).replace(b"\x93NUMPY", b"\x93NUMPZ")
    with pytest.raises(ValueError):
        decode(evil)
    with pytest.raises(Exception):
        decode(pickle.dumps({"op": "result"}))
