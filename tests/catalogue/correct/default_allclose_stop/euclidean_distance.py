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
    - Integer vectors are small enough that their squared differences do not
      overflow; a distance that overflows is out of scope here.
    - x1 and x2 are not modified.

    Examples
    --------
    >>> float(euclidean_distance(np.array([0, 0]), np.array([3, 4])))
    5.0
    """
    # subtract as floats: integer inputs give the same distance as float ones
    difference = np.asarray(x1, dtype=float) - np.asarray(x2, dtype=float)
    return np.sqrt(np.sum(difference ** 2))
