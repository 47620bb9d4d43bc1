# bug: it measures each sample against its nearest centroid, ignoring cluster_idx.
# message: even when another is nearer
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    squared = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return float(squared.min(axis=1).sum())
