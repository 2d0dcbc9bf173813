"""Runs Ralph (ralph-malph), a real xAPI LRS, on 127.0.0.1:PORT with its file-system back
end, for the tests in tests/lrs_sync.rs. Configuration comes from the environment
(RALPH_AUTH_FILE, RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH, ...).

Ralph 5.1's file-system back end opens its statements file in create mode, so every POST
after the first fails with a 500; it is made to append instead, as the ClickHouse,
Elasticsearch and MongoDB back ends a school would run do. Nothing else is changed: the
HTTP layer, authentication, validation and duplicate-id handling are Ralph's own.
`ralph runserver` is not used because it runs uvicorn with a reloader in a child process,
which a test could not stop by its process id.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
