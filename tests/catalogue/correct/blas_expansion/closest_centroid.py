import numpy as np

from euclidean_distance import euclidean_distance


def closest_centroid(x, centroids, K):
    """Return the index of the centroid nearest to x.

    Parameters
    ----------
    x : ndarray of shape (n,)
        One sample.
    centroids : ndarray of shape (K, n)
        The current centroids, one per row.
    K : int
        Number of centroids.

    Returns
    -------
    index : int
        The index k that minimises the Euclidean distance from x to
        ``centroids[k]``. A Python int or a NumPy integer, never a float or an
        array.

    Notes
    -----
    - Among exactly equal distances the lowest index wins, as with ``np.argmin``.
    - x and centroids are not modified.

    Examples
    --------
    >>> centroids = np.array([[0, 0], [10, 10]])
    >>> closest_centroid(np.array([9, 8]), centroids, 2)
    1
    >>> closest_centroid(np.array([5, 5]), centroids, 2)  # a tie: lowest index
    0
    """
    C = np.asarray(centroids, dtype=float)
    x = np.asarray(x, dtype=float)
    # ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2, and ||x||^2 is the same for every c
    scores = np.einsum("ij,ij->i", C, C) - 2.0 * (C @ x)
    return int(np.argmin(scores))
