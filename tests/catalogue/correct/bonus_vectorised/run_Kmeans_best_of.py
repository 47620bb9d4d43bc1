import numpy as np

from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia.

    All runs are made first; each is scored by every sample's squared distance
    to the nearest of its run's means, in float32 (for a converged run that is
    the sample's own mean), and np.argmin picks the first of the lowest.

    Parameters
    ----------
    K : int
        Number of clusters.
    X : ndarray of shape (m, n)
        The samples, one per row.
    n_init : int, default=10
        How many runs of run_Kmeans.
    max_iterations : int, default=500
        Passed on to each run.

    Returns
    -------
    cluster_idx : ndarray of shape (m,)
        The labels of the best run.
    """
    runs = [run_Kmeans(K, X, max_iterations) for _ in range(n_init)]
    samples = X.astype(np.float32)
    means = np.stack([compute_means(labels, K, X) for labels in runs]).astype(np.float32)
    # (n_init, m, K): every run's squared distance from each sample to each mean
    squared = ((samples[None, :, None, :] - means[:, None, :, :]) ** 2).sum(axis=3)
    inertias = squared.min(axis=2).sum(axis=1)
    return runs[int(np.argmin(inertias))]
