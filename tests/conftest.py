"""The project's own tests. The judge runs the hidden suites in suites/; the
catalogue holds learner files to grade, not tests."""
import pytest

from tests.ahead import GradedAhead, gradings_of

collect_ignore = ["suites", "catalogue"]


def pytest_collection_finish(session):
    """Start grading, in lanes beside the run, the folders of the selected tests that take
    a Grading (tests/ahead.py)."""
    gradings = gradings_of(session.items)
    session.config.graded_ahead = GradedAhead(gradings) if gradings else None


def pytest_sessionfinish(session):
    if getattr(session.config, "graded_ahead", None) is not None:
        session.config.graded_ahead.close()


@pytest.fixture
def graded(request):
    """The report of this test's Grading, graded ahead by a lane."""
    return request.config.graded_ahead.report(request.node.nodeid)


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
