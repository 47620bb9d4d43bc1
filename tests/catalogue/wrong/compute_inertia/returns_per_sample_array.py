# bug: it returns each sample's squared distance, an array of m numbers, without adding them up.
# message: squared distances of the samples
# never: one total per cluster
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    return ((X - centroids[cluster_idx]) ** 2).sum(axis=1)
