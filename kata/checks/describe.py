"""Words for values and calls, as a learner would read or type them."""
import re

import numpy as np

from ..judge.wire import Opaque, type_name

SMALL = 24  # arrays with at most this many items are shown in full


def show(value):
    """A value as Python code when it is small, else its type and shape."""
    if isinstance(value, np.ndarray):
        if value.size > SMALL:
            return f"<ndarray of shape {value.shape}, dtype {value.dtype}>"
        text = np.array2string(value, separator=", ", threshold=SMALL, max_line_width=10_000)
        text = _one_line(text)
        default = value.dtype in (np.dtype(int), np.dtype(float), np.dtype(bool))
        return f"np.array({text})" if default else f"np.array({text}, dtype=np.{value.dtype})"
    if isinstance(value, Opaque):
        return _cut(value.text)
    return _cut(repr(value))


def kind(value):
    """What sort of value this is: 'a list', 'an ndarray of shape (3,) and dtype int64'."""
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape} and dtype {value.dtype}"
    if value is None:
        return "None"
    name = type_name(value)
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


class Lazy:
    """Text worked out only when something prints it: most calls' descriptions never are."""

    def __init__(self, make):
        self._make, self._text = make, None

    def __str__(self):
        if self._text is None:
            self._text = self._make()
        return self._text

    def __format__(self, spec):
        return format(str(self), spec)


def call_text(name, parameters, args, kwargs):
    """'f(x=np.array([0, 1]), K=2)': the call, with each argument named."""
    named = [f"{parameter}={show(arg)}" for parameter, arg in zip(parameters, args)]
    named += [f"{key}={show(arg)}" for key, arg in kwargs.items()]
    return f"{name}({', '.join(named)})"


def describe_change(name, before, after):
    """How an array argument changed: in full when small, else its first changed entries."""
    if not isinstance(after, np.ndarray) or after.shape != before.shape or after.dtype != before.dtype:
        return f"before the call it was {show(before)}, after the call it was {show(after)}."
    if before.size <= SMALL:
        return f"before the call it was {show(before)}, after the call it was {show(after)}."
    rows_before = before.reshape(len(before), -1)
    rows_after = after.reshape(len(after), -1)
    changed = np.flatnonzero(~np.all((rows_before == rows_after)
                                     | (np.isnan(rows_before) & np.isnan(rows_after))
                                     if before.dtype.kind in "fc" else rows_before == rows_after,
                                     axis=1))
    shown = [f"{name}[{i}] was {show(before[i])} and became {show(after[i])}" for i in changed[:3]]
    more = f" ({len(changed) - 3} more rows changed)" if len(changed) > 3 else ""
    return f"{'; '.join(shown)}{more}."


def _one_line(text):
    """'[[ 0,  1],\n [10, 11]]' -> '[[0, 1], [10, 11]]'."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s+([,\]])", r"\1", re.sub(r"\[\s+", "[", text))


def _cut(text, limit=300):
    return text if len(text) <= limit else text[:limit] + " ..."
