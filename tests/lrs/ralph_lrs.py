"""Runs Ralph (ralph-malph), a real xAPI LRS, on 127.0.0.1:PORT with its file-system back
end, for the tests in tests/lrs_sync.rs. Configuration comes from the environment
(RALPH_AUTH_FILE, RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH, ...).

Ralph 5.1's file-system back end opens its statements file in create mode, so every POST
after the first fails with a 500; it is made to append instead, as the ClickHouse,
Elasticsearch and MongoDB back ends a school would run do. Nothing else is changed: the
HTTP layer, authentication, validation and duplicate-id handling are Ralph's own.

Its `verb` and `activity` query filters compare the statement's id (a string) with the
parameter as Ralph's IRI model, which never equal, so they match nothing; the parameters are
handed to the back end as strings, as the other back ends use them. `mlsys-learn class
report` filters on its own side as well, for an LRS that ignores a filter.
`ralph runserver` is not used because it runs uvicorn with a reloader in a child process,
which a test could not stop by its process id.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

_query_statements = FSLRSBackend.query_statements


def query_statements(self, params, target=None):
    """Ralph's own query, with `verb` and `activity` as the strings they stand for."""
    update = {
        key: str(value)
        for key in ("verb", "activity")
        if (value := getattr(params, key)) is not None
    }
    return _query_statements(self, params.model_copy(update=update), target)


FSLRSBackend.query_statements = query_statements

uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
