"""`python -m benchmarks`: run the benchmark and print its table."""

from __future__ import annotations

from .run import main

raise SystemExit(main())
