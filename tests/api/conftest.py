from pathlib import Path

FUZZING = Path(__file__).with_name("test_schemathesis.py")


def pytest_ignore_collect(collection_path, config):
    """The schemathesis module is not even collected in a run whose `-m` leaves its tests out (the
    Makefile's PostgreSQL run): collecting it fetches the API's schema twice and builds a test per
    operation, some 2 s of every worker, for tests that would all be deselected. Any other run
    collects it, and pytest then deselects as usual."""
    if collection_path != FUZZING or not config.option.markexpr:
        return None
    from _pytest.mark.expression import Expression

    # Its marks (`pytestmark` of the module): the database and schemathesis.
    marks = {"django_db", "schemathesis"}
    selected = Expression.compile(config.option.markexpr).evaluate(lambda name, **kwargs: name in marks)
    return None if selected else True
