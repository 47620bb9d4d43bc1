"""Hidden suite for exercise 2: euclidean_distance(x1, x2)."""
import math

import numpy as np

from kata.checks import fail, real_number, tolerance, value_of
from kata.checks.describe import kind, show

EXERCISE = "euclidean_distance"
RULE = "the distance is sqrt(sum((x1 - x2) ** 2))"


def expect_distance(outcome, expected):
    """Check that the call returned one real number close to ``expected``."""
    value = value_of(outcome)
    if isinstance(value, np.ndarray) and value.ndim > 0:
        fail(outcome, f"{show(value)} ({kind(value)})", f"a single number, {expected:g}",
             "a distance is one number",
             "It holds one number: return the number itself (.item(), or no keepdims=True)."
             if value.size == 1 else
             "Sum the squared differences (np.sum) before taking the square root.")
    number = real_number(value)
    if number is None:
        hint = ("A distance is a real number; a complex type (np.sqrt of a complex array, "
                "or complex(...)) is not one." if np.iscomplexobj(value) else None)
        fail(outcome, f"{show(value)} ({kind(value)})", f"the number {expected:g}",
             "a distance is one real number (an int or float, Python's or NumPy's)", hint)
    if not math.isclose(number, expected, rel_tol=tolerance(value), abs_tol=1e-9):
        hint = None
        if expected and math.isclose(number, expected ** 2, rel_tol=tolerance(value)):
            hint = f"{number:g} is the squared distance: take np.sqrt of the sum."
        fail(outcome, show(value), f"{expected:g}", RULE, hint)


def test_three_four_five(learner):
    expect_distance(learner.call(np.array([0, 0]), np.array([3, 4])), 5.0)


def test_negative_coordinates(learner):
    # the differences (-3, -4, 12) tell the Euclidean distance, 13, from the
    # Manhattan one (19), the largest difference (12) and |sum| (5)
    outcome = learner.call(np.array([-1, -2, 3]), np.array([2, 2, -9]))
    expect_distance(outcome, 13.0)


def test_float_vectors(learner):
    rng = np.random.default_rng(2)
    x1, x2 = rng.normal(size=7), rng.normal(size=7)
    expect_distance(learner.call(x1, x2), math.sqrt(sum((a - b) ** 2 for a, b in zip(x1, x2))))


def test_a_vector_is_at_distance_zero_from_itself(learner):
    expect_distance(learner.call(np.array([1.5, -2.0]), np.array([1.5, -2.0])), 0.0)


def test_vectors_of_length_one(learner):
    expect_distance(learner.call(np.array([2.5]), np.array([-1.5])), 4.0)


def test_inputs_are_not_modified(learner):
    value_of(learner.call(np.array([1.0, 5.0]), np.array([4.0, 1.0])))
