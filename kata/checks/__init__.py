"""The checks the hidden suites share, each failing with a message for the learner.

Every message follows one template: the call, what came back, what was
expected, and the rule. A hint, kept apart from the message, names the likely
bug, and is given only when the check has confirmed that diagnosis.
"""
import numpy as np

from .describe import describe_change, kind, show

# What a learner should know when a call raised one of these.
RAISED_HINTS = {
    "SystemExit": "A function should return its result; sys.exit() or exit() stops the program.",
    "KeyboardInterrupt": "KeyboardInterrupt stops the program; a function should return instead.",
    "RecursionError": "The function called itself (or kept calling itself) without end.",
    "MemoryError": "It asked for more memory than the machine allows; is an array far too big?",
}


class CheckFailed(AssertionError):
    """A check failed: ``message`` says what happened, ``hint`` the likely bug (or "")."""

    def __init__(self, message, hint=None):
        super().__init__(message)
        self.message, self.hint = message, hint or ""


def fail(outcome, got, expected, rule, hint=None):
    """Fail with the template message: the call, what came back, what was expected and why."""
    raise CheckFailed(f"Called {outcome.call}.\nIt returned {got}, but the expected value is "
                      f"{expected}, because {rule}.", hint)


def fail_because(outcome, what_happened, hint=None):
    """Fail with the call and a sentence saying what went wrong."""
    raise CheckFailed(f"Called {outcome.call}.\n{what_happened}", hint)


def value_of(outcome):
    """What the call returned, once it is known that it returned and left its inputs alone.

    A changed input is reported before any wrong value, since it is often
    what made the value wrong.
    """
    if outcome.raised:
        error = outcome.error
        where = f"\n  at {error['where']}" if error.get("where") else ""
        fail_because(outcome, f"It raised {error['message']}{where}",
                     RAISED_HINTS.get(error["type"]))
    expect_inputs_unchanged(outcome)
    return outcome.value


def tolerance(value):
    """The relative tolerance a float result of this precision deserves.

    float64 results are compared within 1e-6; float32 ones, which carry about
    7 significant digits, within 1e-5.
    """
    dtype = getattr(value, "dtype", None)
    if dtype is not None and np.issubdtype(dtype, np.floating) and np.finfo(dtype).bits < 64:
        return 1e-5
    return 1e-6


def close(value, expected):
    """Whether ``value`` equals ``expected`` within the tolerance of its own precision."""
    return np.allclose(np.asarray(value, dtype=float), expected, rtol=tolerance(value), atol=1e-9)


def expect_ndarray(outcome, shape, dtype_kind=None, what="the result", hints=None):
    """The returned value, checked to be an ndarray of this shape and dtype kind.

    ``dtype_kind`` is "integer", "float" or None. ``hints`` maps a symptom
    ("list", "shape", ("shape", SHAPE), "dtype") to a hint that names the likely
    bug; a hint may be a function of the value, returning None when the value
    does not confirm it.
    """
    hints = hints or {}
    value = value_of(outcome)
    if type(value) is not np.ndarray:
        hint = hints.get("list") if type(value) is list else None
        fail(outcome, show(value) + f" ({kind(value)})", f"an ndarray of shape {shape}",
             f"{what} is an ndarray", hint or not_an_ndarray_hint(value))
    if value.shape != shape:
        hint = hints.get(("shape", value.shape), hints.get("shape"))
        fail(outcome, kind(value), f"an ndarray of shape {shape}", f"{what} has shape {shape}",
             _confirmed(hint, value))
    if dtype_kind == "integer" and not np.issubdtype(value.dtype, np.integer):
        fail(outcome, f"{show(value)} ({kind(value)})", "an ndarray with an integer dtype",
             f"{what} holds indices, and only integers can index an array",
             _confirmed(hints.get("dtype"), value))
    if dtype_kind == "float" and not np.issubdtype(value.dtype, np.floating):
        fail(outcome, kind(value), "an ndarray with a float dtype",
             f"{what} holds means, which are rarely whole numbers",
             _confirmed(hints.get("dtype"), value))
    return value


def not_an_ndarray_hint(value):
    """What to do about a value that is not a plain ndarray, by what it is."""
    name = kind(value)
    if type(value) is list:
        return "np.array(...) turns a list into an ndarray."
    if type(value) is tuple:
        return "It returned a tuple; np.array(...) turns it into an ndarray."
    if value is None:
        return ("It returned None: does every path through the function reach a `return`? A "
                "function that ends without one, or whose loop never ran, returns None.")
    if "matrix" in name:
        return "np.matrix is a different class; return a plain ndarray (np.asarray(...))."
    if "MaskedArray" in name:
        return "A masked array (np.ma) is a different class; return a plain ndarray."
    if "dtype object" in show(value):
        return ("It holds Python objects (dtype=object); build the array with a numeric dtype.")
    return None


def _confirmed(hint, value):
    return hint(value) if callable(hint) else hint


def expect_inputs_unchanged(outcome):
    """Fail if the call changed any array it was given, saying where and how."""
    if outcome.args_after is outcome.args:  # the worker saw no change
        return
    for parameter, before, after in zip(outcome.parameters, outcome.args, outcome.args_after):
        if isinstance(before, np.ndarray) and not _same_array(before, after):
            others = {name: arg for name, arg in zip(outcome.parameters, outcome.args)
                      if name != parameter and isinstance(arg, np.ndarray)}
            fail_because(
                outcome,
                f"It changed its argument {parameter}: {describe_change(parameter, before, after)}"
                f"\nA function must not modify its inputs: the caller still needs them.",
                in_place_hint(parameter, before, after, others))


def in_place_hint(parameter, before, after, others):
    """Name the in-place operation that explains a change, when one does."""
    if not isinstance(after, np.ndarray) or after.shape != before.shape:
        return None
    if before.ndim == 1 and np.array_equal(after, np.sort(before)):
        return (f"{parameter}.sort() sorts in place; np.sort({parameter}) returns a sorted copy.")
    if before.ndim == 2 and _same_rows_reordered(before, after):
        return (f"np.random.shuffle({parameter}) and {parameter}.sort() reorder {parameter} "
                f"itself; shuffle an array of indices instead, np.random.permutation(m).")
    for name, other in others.items():
        if other.shape in (before.shape, before.shape[-1:]) and np.allclose(after, before - other):
            return (f"{parameter} -= {name} subtracts in place and changes {parameter}; "
                    f"{parameter} - {name} makes a new array.")
    return (f"An in-place operation (`-=`, `{parameter}[...] = ...`, .sort(), np.random.shuffle) "
            f"changes {parameter} itself; work on a copy, {parameter}.copy(), or write "
            f"`new = {parameter} - ...`.")


def _same_rows_reordered(before, after):
    return (not np.array_equal(before, after)
            and np.array_equal(np.unique(before, axis=0), np.unique(after, axis=0))
            and sorted(map(bytes, before)) == sorted(map(bytes, after)))


def expect_not_a_view(outcome, position, parameter):
    """Fail if the returned array shares memory with argument ``position``."""
    if position in outcome.views:
        fail_because(
            outcome,
            f"It returned an array that shares memory with {parameter} (a view of {parameter}), "
            f"so changing the result would change {parameter} too.",
            f"Slicing such as {parameter}[i:i+K] makes a view; indexing with an array of "
            f"indices, {parameter}[indices], or .copy() makes a new array.")


def _same_array(before, after):
    return (isinstance(after, np.ndarray) and before.shape == after.shape
            and before.dtype == after.dtype and np.array_equal(before, after, equal_nan=True))


def squared_distances(points, centroids):
    """Squared distance from every point (rows) to every centroid (columns), in float64."""
    points = np.atleast_2d(np.asarray(points, dtype=float))
    centroids = np.asarray(centroids, dtype=float)
    # a column per centroid: the same sums as broadcasting, in (m, n) memory, not (m, K, n)
    columns = [((points - centroid) ** 2).sum(axis=1) for centroid in centroids]
    return np.stack(columns, axis=1) if columns else np.empty((len(points), 0))


def nearest_enough(points, centroids):
    """For each point, a mask of the centroids that count as nearest.

    Ways of computing distances differ in their last bits (a loop, broadcasting,
    np.linalg.norm, the ||x||^2 - 2 x.c + ||c||^2 expansion, float32), so any
    centroid within a relative 1e-6 of the minimum squared distance is accepted.
    """
    d2 = squared_distances(points, centroids)
    scale = (np.atleast_2d(points).astype(float) ** 2).sum(axis=1)[:, None] + (
        np.asarray(centroids, dtype=float) ** 2).sum(axis=1).max()
    return d2 <= d2.min(axis=1, keepdims=True) + 1e-6 * scale + 1e-12


def real_number(value):
    """The value as a float if it is one real number (any int or float type, a 0-d array
    too), else None: a bool, a complex number, a string or an array is not one."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                        np.floating)):
        return None
    return float(value)


def sample_indices(outcome, centroids, data):
    """The index in ``data`` of the sample behind each row of ``centroids``.

    Fails, naming the row, on a row that is no sample of ``data``. A float32
    copy of a sample is still that sample.
    """
    indices = []
    for row_index, row in enumerate(centroids):
        matches = np.flatnonzero((data == row).all(axis=1))
        if len(matches) == 0:
            matches = np.flatnonzero(np.isclose(data, row, rtol=tolerance(centroids),
                                                atol=1e-9).all(axis=1))
        if len(matches) == 0:
            fail_because(outcome, f"It returned {show(centroids)}, but row {row_index}, "
                                  f"{show(row)}, is not a row of X: each centroid must be a "
                                  f"copy of one sample of X.")
        indices.append(int(matches[0]))
    return indices
