"""`python -m benchmarks`: run the speed benchmark and print its table.

`python -m benchmarks accuracy`: per-rule precision and recall on the labelled dev sets.

`python -m benchmarks audit`: a 2,000-book catalogue audit, local engine against Dask.
"""

from __future__ import annotations

import sys

if sys.argv[1:2] == ["audit"]:
    from .audit import main as audit

    raise SystemExit(audit(sys.argv[2:]))

if sys.argv[1:2] == ["accuracy"]:
    from .accuracy import main as accuracy

    raise SystemExit(accuracy(sys.argv[2:]))

from .run import main

raise SystemExit(main())
