# bug: it subtracts the squares (x1 ** 2 - x2 ** 2) instead of squaring the difference, which is not a distance and gives NaN when x2 is the longer vector.
# message: It returned np.float64(nan)
import numpy as np


def euclidean_distance(x1, x2):
    """Return the Euclidean distance between two vectors.

    Parameters
    ----------
    x1, x2 : ndarray of shape (n,), float or integer dtype
        Two vectors of the same length.

    Returns
    -------
    distance : float
        ``sqrt(sum((x1 - x2) ** 2))``, a single number (a Python float or a
        NumPy floating scalar), never an array.

    Notes
    -----
    - It is the distance itself, not its square.
    - x1 and x2 are not modified.

    Examples
    --------
    >>> float(euclidean_distance(np.array([0, 0]), np.array([3, 4])))
    5.0
    """
    return np.sqrt(np.sum(x1 ** 2 - x2 ** 2))
