"""Catalogue audits (issue 18): one row per book, for a whole backlist, on one machine or a Dask
cluster, resumable.

A thin front door over the engine (`api.examine`): `work.audit_one(path, options) -> AuditRow`
is the one pure function every engine maps over the books (`engines.run_local`, a pool of
guarded worker processes; `engines.run_dask`, the same function as Dask tasks); `guard` runs it
in a child process with a time limit and a memory bound; `table` writes and reads the rows
(CSV, JSON Lines, Parquet); `schema` is the documented, versioned row; `html` the catalogue page.

Nothing here is imported by `check`: pyarrow and dask are imported only when an audit asks for
Parquet or `--engine dask`.
"""

from __future__ import annotations
