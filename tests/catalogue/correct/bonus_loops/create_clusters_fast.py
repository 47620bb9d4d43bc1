import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with its nearest centroid: a loop over the K centroids, not the samples."""
    distances = np.empty((len(X), K))
    for k in range(K):
        distances[:, k] = np.linalg.norm(X - centroids[k], axis=1)
    return distances.argmin(axis=1)
