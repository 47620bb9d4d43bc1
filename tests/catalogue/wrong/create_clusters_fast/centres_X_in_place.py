# bug: X -= ... changes the caller's samples.
# message: It changed its argument X
import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with the index of its nearest centroid, without a loop over samples."""
    X -= X.mean(axis=0)
    centroids = centroids - centroids.mean(axis=0)
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(distances, axis=1)
