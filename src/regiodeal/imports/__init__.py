"""Imports in the browser: one flow for every import (ledger, measurements, outreach, population).

Upload a file, see what a dry run finds (the problems by row and column, or what would be
written), confirm, and only then write; a file of more than 2,000 rows runs in the background job
queue with a page that shows its progress. The import code itself stays in each domain app
(`finance.importing`, `results.importing`, `participation.importing`), shared with the command
line and the API; `kinds.py` says how each is called, `services.py` is the flow. docs/imports.md.
"""
