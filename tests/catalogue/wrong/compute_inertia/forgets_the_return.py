# bug: it computes the inertia but never returns it, so the call gives None.
# message: It returned None, but the expected value is the number 42
# message: Does every path through the function reach a `return`?
# never: None (None)
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the inertia of a clustering."""
    inertia = np.sum((X - centroids[cluster_idx]) ** 2)
