"""The machinery behind ``python grader.py``.

Two kinds of process take part, and learner code only ever runs in one of them:

- the **judge** runs the pytest suites in ``tests/suites/``, imports the
  reference solutions and decides every verdict;
- a **worker** per exercise imports the learner's file and calls its function
  when the judge asks (``worker.py``). The judge talks to it through plain data
  (``wire.py``) and kills it when its time runs out (``learner.py``).

``report.py`` turns what the judge saw into one report model, which
``grader.py`` prints as text or JSON.
"""
