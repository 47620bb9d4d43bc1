"""The data of a speed goal's timed calls, made the same way in the judge and in a worker.

The judge picks a new seed for each grading, so no learner's file can have
its answers ready; the worker makes the samples from the seed rather than
receive 12 MB of them, and the judge makes the same ones to check the labels.
"""
import time

import numpy as np

_thread_time = time.thread_time  # bound before any learner code runs (see worker.py)


def speed_samples(seed, shape):
    """Samples uniform in [0, 1), float64, read-only: the same for the same seed and shape."""
    # drawn as float32, which is four times faster to draw; the values are then exact in float64
    samples = np.random.default_rng(seed).random(shape, dtype=np.float32).astype(np.float64)
    samples.flags.writeable = False
    return samples


def speed_centroids(seed, samples, count, calls):
    """``calls`` different sets of ``count`` centroids for the samples: one set per timed call.

    Different centroids for every call, so that no call can reuse the answer
    of the one before.
    """
    rng = np.random.default_rng([seed, 1])
    return [samples[rng.choice(len(samples), count, replace=False)] + rng.normal(0, 0.01)
            for _ in range(calls)]


def time_baseline(function, goal):
    """Seconds of each of three calls of the loop reference ``function`` on ``goal.reference_samples``.

    Called in a worker before the learner's file is imported, so that nothing of
    this file's can have slowed the reference down (or sped it up). Counted in the
    CPU time it used: neither a busy machine nor another exercise's file, which
    could stop (SIGSTOP) or starve the worker, makes it look slower. The judge
    counts the learner's calls to match (handle.py).
    """
    samples = speed_samples(0, (goal["reference_samples"], goal["features"]))
    centroids = speed_centroids(0, samples, goal["centroids"], 1)[0]
    times = []
    for _ in range(3):
        started = _thread_time()
        function(centroids, goal["centroids"], samples)
        times.append(_thread_time() - started)
    return times
