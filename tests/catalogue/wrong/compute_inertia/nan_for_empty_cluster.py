# bug: it weights each cluster's mean squared distance by its size, and an empty cluster's mean is NaN.
# message: has no samples
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    total = 0.0
    for k in range(len(centroids)):
        members = X[cluster_idx == k]
        squared = ((members - centroids[k]) ** 2).sum(axis=1)
        total += len(members) * np.mean(squared)
    return total
