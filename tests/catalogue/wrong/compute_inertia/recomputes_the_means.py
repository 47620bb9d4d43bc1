# bug: it measures each cluster against the mean of its samples instead of the centroids given.
# message: which need not be the means
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    total = 0.0
    for k in np.unique(cluster_idx):
        members = X[cluster_idx == k]
        total += ((members - members.mean(axis=0)) ** 2).sum()
    return total
