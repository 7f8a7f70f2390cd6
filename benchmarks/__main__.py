"""`python -m benchmarks`: run the speed benchmark and print its table.

`python -m benchmarks real`: `check` on the real books of ../shared/corpus/real against their floor.
`python -m benchmarks equivalence`: every book of ../shared/corpus read with the fast paths and in full, compared.
`python -m benchmarks accuracy`: per-rule precision and recall on the labelled dev sets.
`python -m benchmarks lsp`: the language server's diagnostics after a change in a 150,000-word novel.
`python -m benchmarks html`: a 1,000-book HTML report, written and rendered in headless Chromium.
`python -m benchmarks audit`: a 2,000-book catalogue audit, local engine against Dask.
`python -m benchmarks insert`: peak memory of `insert` on a DOCX and an EPUB with 1 GiB of images.
"""

from __future__ import annotations

import sys

if sys.argv[1:2] == ["audit"]:
    from .audit import main as audit

    raise SystemExit(audit(sys.argv[2:]))

if sys.argv[1:2] == ["insert"]:
    from .insert_memory import main as insert_memory

    raise SystemExit(insert_memory(sys.argv[2:]))

if sys.argv[1:2] == ["equivalence"]:
    from .equivalence import main as equivalence

    raise SystemExit(equivalence(sys.argv[2:]))

if sys.argv[1:2] == ["real"]:
    from .real import main as real

    raise SystemExit(real(sys.argv[2:]))

if sys.argv[1:2] == ["accuracy"]:
    from .accuracy import main as accuracy

    raise SystemExit(accuracy(sys.argv[2:]))
if sys.argv[1:2] == ["lsp"]:
    from .lsp import main as lsp

    raise SystemExit(lsp(sys.argv[2:]))
if sys.argv[1:2] == ["html"]:
    from .html_report import main as html_report

    raise SystemExit(html_report(sys.argv[2:]))

from .run import main

raise SystemExit(main())
