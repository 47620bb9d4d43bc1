# bug: np.empty(m) makes a float array, so the labels come back as floats (0.0, 1.0, ...) that cannot index arrays.
# message: np.empty(m) makes float labels
import numpy as np

from closest_centroid import closest_centroid


def create_clusters(centroids, K, X):
    """Returns an array of cluster indices for all the data samples"""
    m, _ = np.shape(X)
    cluster_idx = np.empty(m)
    for i in range(m):
        cluster_idx[i] = closest_centroid(X[i], centroids, K)
    return cluster_idx
