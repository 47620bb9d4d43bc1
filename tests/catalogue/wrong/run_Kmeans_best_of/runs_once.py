# bug: it ignores n_init and makes a single run.
# message: It called run_Kmeans once, but n_init=5 asks for 5 runs
# message: for _ in range(n_init)
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    return run_Kmeans(K, X, max_iterations)
