# bug: it adds up the distances themselves, with their square roots, not the squared distances.
# message: drop the square root
import numpy as np

from euclidean_distance import euclidean_distance


def compute_inertia(cluster_idx, centroids, X):
    """Return the sum of squared distances from each sample to its own centroid."""
    total = 0.0
    for x, k in zip(X, cluster_idx):
        total += euclidean_distance(x, centroids[k])
    return total
