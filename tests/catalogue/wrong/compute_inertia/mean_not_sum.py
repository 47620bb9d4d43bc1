# bug: it averages the squared distances (np.mean) instead of adding them up.
# message: not divided by the number of samples
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    squared = ((X - centroids[cluster_idx]) ** 2).sum(axis=1)
    return float(np.mean(squared))
