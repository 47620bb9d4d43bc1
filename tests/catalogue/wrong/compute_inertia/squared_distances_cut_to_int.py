# bug: it stores the squared distances in np.zeros_like(cluster_idx), an integer array, which cuts them.
# message: Each squared distance was cut to a whole number
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    squared = np.zeros_like(cluster_idx)
    for i in range(len(X)):
        squared[i] = ((X[i] - centroids[cluster_idx[i]]) ** 2).sum()
    return float(squared.sum())
