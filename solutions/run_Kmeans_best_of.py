import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and keep the best run: the one with the lowest inertia.

    Parameters
    ----------
    K : int
        Number of clusters, with 1 <= K <= m.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.
    n_init : int, default=10
        How many runs of ``run_Kmeans``, at least 1.
    max_iterations : int, default=500
        Passed on to each run of ``run_Kmeans``.

    Returns
    -------
    cluster_idx : ndarray of shape (m,), integer dtype
        The labels of the run with the lowest inertia, as that run of
        ``run_Kmeans`` returned them: not renumbered, and not its centroids
        or its inertia.

    Notes
    -----
    - Each run is ``labels = run_Kmeans(K, X, max_iterations)``; each start is
      random, so runs can end in different local minima.
    - A run's score is ``compute_inertia(labels, compute_means(labels, K, X), X)``:
      the inertia of its labels around their own means.
    - On a tie the first of the best runs wins: the best is replaced only by a
      strictly lower inertia.
    - It calls the other exercise functions by name, so that it can be graded
      on its own.
    - X is not modified.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [10, 10], [10, 11]])
    >>> labels = run_Kmeans_best_of(2, X, n_init=3)
    >>> bool(labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2])
    True
    """
    best_labels, best_inertia = None, np.inf
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        inertia = compute_inertia(labels, compute_means(labels, K, X), X)
        if inertia < best_inertia:  # strictly lower: a tie keeps the earlier run
            best_labels, best_inertia = labels, inertia
    return best_labels
