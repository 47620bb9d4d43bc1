"""Small helpers shared by my exercise files."""
import sys

import numpy as np


def as_float(a):
    """a as a float64 array (integer samples give exact float arithmetic)."""
    return np.asarray(a, dtype=float)


def squared_norms(differences):
    """The squared length of each vector along the last axis."""
    return np.sum(np.asarray(differences, dtype=float) ** 2, axis=-1)


def report(line):
    """Print a progress line, and log it as bytes too."""
    print(line)
    sys.stdout.flush()
    sys.stdout.buffer.write(b"[log] " + line.encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()
