# bug: it scores a run by the sum of the plain distances to the means, not of their squares.
# message: It kept the run with the lowest sum of distances
# message: The lowest is run 3's, 41.75
import numpy as np

from compute_means import compute_means
from euclidean_distance import euclidean_distance
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    best_labels, best_score = None, np.inf
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        means = compute_means(labels, K, X)
        score = sum(euclidean_distance(x, means[label]) for x, label in zip(X, labels))
        if score < best_score:
            best_labels, best_score = labels, score
    return best_labels
