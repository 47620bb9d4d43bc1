"""The data of a speed goal's timed calls, made the same way in the judge and in a worker.

The judge picks a new seed for each grading, so no learner's file can have
its answers ready; the worker makes the samples from the seed rather than
receive 12 MB of them, and the judge makes the same ones to check the labels.
"""
import time

import numpy as np

# bound before any learner code runs (see worker.py)
_perf_counter, _thread_time = time.perf_counter, time.thread_time
# a reference call's time counts as at most this many times the CPU time it took: the
# learner's file for another exercise, in a worker beside this one, could stop this
# one (SIGSTOP) or starve it, and make the reference look slow
MOST_WAITING = 1.25


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
    this file's can have slowed the reference down (or sped it up); and counted
    by the CPU time it used, as well as by the clock, so that no other file's can.
    """
    samples = speed_samples(0, (goal["reference_samples"], goal["features"]))
    centroids = speed_centroids(0, samples, goal["centroids"], 1)[0]
    times = []
    for _ in range(3):
        started, used = _perf_counter(), _thread_time()
        function(centroids, goal["centroids"], samples)
        times.append(min(_perf_counter() - started, MOST_WAITING * (_thread_time() - used)))
    return times
