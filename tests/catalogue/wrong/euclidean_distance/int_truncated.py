# bug: int(...) truncates the distance to a whole number (sqrt(2) becomes 1) and returns an int, not a float.
# message: It returned 4, but the expected value is 4.42025
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
    distance = np.sqrt(np.sum((x1 - x2) ** 2))
    return int(distance)
