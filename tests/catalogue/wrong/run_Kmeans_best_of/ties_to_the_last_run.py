# bug: it replaces the best on <=, so a tie keeps the last of the tied runs.
# message: (<, not <=)
# message: on a tie the first of them wins
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    best_labels, best_inertia = None, np.inf
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        inertia = compute_inertia(labels, compute_means(labels, K, X), X)
        if inertia <= best_inertia:
            best_labels, best_inertia = labels, inertia
    return best_labels
