"""The app paints before the database layer loads: `import store` and the records and
errors it shows at first paint pull in neither SQLAlchemy, psycopg nor the translator."""

from __future__ import annotations

import json

import store
from tests.store.helpers import run_python

HEAVY = ("sqlalchemy", "psycopg", "translate")


def test_importing_store_and_its_records_and_errors_loads_no_database_layer():
    result = run_python(
        f"""
        import json, sys
        import store, store.errors, store.records
        from store import ConversationSummary, NewMessage, StoreError, StoreUnavailable
        print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
        """
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_every_public_name_is_still_importable_from_store():
    for name in store.__all__:
        assert getattr(store, name) is not None, name
    from store import NewMessage, Store, open_store, search
    from store.records import NewMessage as Defined

    assert NewMessage is Defined
    assert callable(open_store)
    assert hasattr(Store, "import_or_extend")
    assert hasattr(search, "search")


def test_the_views_are_translates_views_after_the_original():
    from translate import VIEWS

    names = store.VIEW_NAMES
    assert names == (store.ORIGINAL, *VIEWS)
