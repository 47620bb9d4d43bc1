# bug: it compares only the first feature (column 0) of each sample and centroid.
# message: only the first feature
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    return float(((X[:, 0] - centroids[cluster_idx, 0]) ** 2).sum())
