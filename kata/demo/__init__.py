"""See it work: the learner's run_Kmeans on real data, beside scikit-learn's, round by round.

``data`` holds the data sets, ``run`` runs and records them (through the
helper calls run_Kmeans already makes), ``text`` and ``plot`` show them.
``python3 grader.py demo`` (kata/commands/demo.py) and ``kata.show_demo`` in
a notebook (kata/notebook.py) use them.
"""
