# bug: X -= ... subtracts the centroids from the caller's X itself.
# message: It changed its argument X
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    X -= centroids[cluster_idx]
    return float((X ** 2).sum())
