"""The project's own tests. The judge runs the hidden suites in suites/; the
catalogue holds learner files to grade, not tests."""
import pytest

collect_ignore = ["suites", "catalogue"]


@pytest.fixture(scope="session")
def judge():
    """One judge for the whole run, as ``kata.grade_many`` uses: pytest and NumPy load once."""
    from kata.judge.session import Judge
    with Judge(timeout=5) as judge:
        yield judge


@pytest.fixture(scope="session")
def spawn_judge():
    """A judge whose workers start as fresh interpreters, as on Windows."""
    from kata.judge.session import Judge
    with Judge(timeout=5, start="spawn") as judge:
        yield judge
