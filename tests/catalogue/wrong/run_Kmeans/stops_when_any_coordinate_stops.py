# bug: it stops as soon as any coordinate of any centroid is unchanged ((new == centroids).any()), not when all are, so it stops a round or more early while other centroids still move.
# message: though the samples' labels no longer changed
# message: diff.all() in place of diff.any()
import numpy as np  # noqa: F401  (as a learner's file would have it)

from compute_means import compute_means
from create_clusters import create_clusters
from initialize_random_centroids import initialize_random_centroids


def run_Kmeans(K, X, max_iterations=500):
    centroids = initialize_random_centroids(K, X)
    for _ in range(max_iterations):
        labels = create_clusters(centroids, K, X)
        new = compute_means(labels, K, X)
        if (new == centroids).any():
            break
        centroids = new
    return labels
