"""One module per command of ``python3 grader.py COMMAND``, each with ``main(argv)``."""
