"""Grading a room of submissions into a gradebook: ``python3 grader.py batch``.

- ``intake``: finding each student's files in a folder or a zip, and copying
  them into a private folder, refusing what is unsafe;
- ``flags``: what a teacher may want to look at (a copied reference, ...);
- ``grading``: the folders through one judge here, or through N lane processes;
- ``sandbox``: bubblewrap around each student's fork server and workers;
- ``namespaces``: how a student's fork server, forked outside, joins their sandbox;
- ``room``: all of it, from a submissions folder to a :class:`Gradebook`;
- ``gradebook`` and ``html``: the rows, and the files they are written to.
"""
