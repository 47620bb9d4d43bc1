"""The checks the suites share, each failing with a message for the learner.

Every message follows one template: the call, what came back, what was
expected, and the rule, plus a hint when the symptom names a common bug.
"""
import numpy as np

from .describe import kind, show

# What a learner should know when a call raised one of these.
RAISED_HINTS = {
    "SystemExit": "A function should return its result; sys.exit() or exit() stops the program.",
    "KeyboardInterrupt": "KeyboardInterrupt stops the program; a function should return instead.",
    "RecursionError": "The function called itself (or kept calling itself) without end.",
    "MemoryError": "It asked for more memory than the machine allows; is an array far too big?",
    "IndexError": "Check the index ranges: rows of X run from 0 to m-1, centroids from 0 to K-1.",
}


def fail(outcome, got, expected, rule, hint=None):
    """Fail with the template message: the call, what came back, what was expected and why."""
    message = f"Called {outcome.call}.\nIt returned {got}, but the expected value is {expected}, because {rule}."
    raise AssertionError(message + (f"\nHint: {hint}" if hint else ""))


def fail_because(outcome, what_happened, hint=None):
    """Fail with the call and a sentence saying what went wrong."""
    message = f"Called {outcome.call}.\n{what_happened}"
    raise AssertionError(message + (f"\nHint: {hint}" if hint else ""))


def value_of(outcome):
    """What the call returned; fails with what it raised if it raised."""
    if outcome.raised:
        error = outcome.error
        where = f"\n  at {error['where']}" if error.get("where") else ""
        fail_because(outcome, f"It raised {error['message']}{where}",
                     RAISED_HINTS.get(error["type"]))
    return outcome.value


def expect_ndarray(outcome, shape, dtype_kind=None, what="the result", hints=None):
    """The returned value, checked to be an ndarray of this shape and dtype kind.

    ``dtype_kind`` is "integer", "float" or None; ``hints`` maps a symptom
    ("list", "shape", "dtype") to a hint that names the likely bug; the "shape"
    hint may be a function of the shape returned.
    """
    hints = hints or {}
    value = value_of(outcome)
    if type(value) is not np.ndarray:
        hint = hints.get("list") if isinstance(value, (list, tuple)) else hints.get("type")
        fail(outcome, show(value) + f" ({kind(value)})", f"an ndarray of shape {shape}",
             f"{what} is an ndarray", hint or "np.array(...) turns a list into an ndarray.")
    if value.shape != shape:
        hint = hints.get(("shape", value.shape), hints.get("shape"))
        fail(outcome, kind(value), f"an ndarray of shape {shape}", f"{what} has shape {shape}",
             hint(value.shape) if callable(hint) else hint)
    if dtype_kind == "integer" and not np.issubdtype(value.dtype, np.integer):
        fail(outcome, kind(value), f"an ndarray with an integer dtype",
             f"{what} holds indices, and only integers can index an array", hints.get("dtype"))
    if dtype_kind == "float" and not np.issubdtype(value.dtype, np.floating):
        fail(outcome, kind(value), "an ndarray with a float dtype",
             f"{what} holds means, which are rarely whole numbers", hints.get("dtype"))
    return value


def expect_inputs_unchanged(outcome, hint=None):
    """Fail if the call changed any array it was given."""
    for parameter, before, after in zip(outcome.parameters, outcome.args, outcome.args_after):
        if isinstance(before, np.ndarray) and not _same_array(before, after):
            fail_because(
                outcome,
                f"It changed its argument {parameter}: before the call it was {show(before)}, "
                f"after the call it was {show(after)}.\nA function must not modify its inputs: "
                f"the caller still needs them.", hint)


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
    return ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)


def nearest_enough(points, centroids):
    """For each point, a mask of the centroids that count as nearest.

    Ways of computing distances differ in their last bits (a loop, broadcasting,
    np.linalg.norm, the ||x||^2 - 2 x.c + ||c||^2 expansion), so any centroid
    within a relative 1e-6 of the minimum squared distance is accepted.
    """
    d2 = squared_distances(points, centroids)
    scale = (np.atleast_2d(points).astype(float) ** 2).sum(axis=1)[:, None] + (
        np.asarray(centroids, dtype=float) ** 2).sum(axis=1).max()
    return d2 <= d2.min(axis=1, keepdims=True) + 1e-6 * scale + 1e-12
