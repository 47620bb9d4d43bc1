# bug: it returns the smallest distance instead of the index of the nearest centroid.
# message: not its distance
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
    distances = np.array([euclidean_distance(x, c) for c in centroids])
    return distances.min()
