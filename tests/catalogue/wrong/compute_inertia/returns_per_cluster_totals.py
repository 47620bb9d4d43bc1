# bug: it returns one total per cluster, an array of K numbers, instead of their sum.
# message: one total per cluster
# never: squared distances of the samples
import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    totals = np.zeros(len(centroids))
    for k in range(len(centroids)):
        totals[k] = ((X[cluster_idx == k] - centroids[k]) ** 2).sum()
    return totals
