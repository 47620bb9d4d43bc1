# bug: the expansion of ||x - c||^2 is ||x||^2 - 2 x.c + ||c||^2; without the 2 the labels are wrong.
# message: but the nearest centroid of X[
# never: argmax
import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with the index of its nearest centroid, without a loop over samples."""
    scores = (X ** 2).sum(axis=1)[:, None] - X @ centroids.T + (centroids ** 2).sum(axis=1)
    return np.argmin(scores, axis=1)
