"""The README's pictures of the HTML report, taken in headless Chromium from the sample books.

    python scripts/screenshots.py          # writes docs/images/report-*.png

`tests/test_screenshots.py` takes the same pictures into a scratch folder (so they stay possible)
and checks that the README shows the committed ones.
"""

from __future__ import annotations

import base64
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.browser import Browser  # noqa: E402

IMAGES = ROOT / "docs" / "images"
#: Picture name → the element it shows (a CSS selector) in the samples' report.
SHOTS = {"report-summary.png": "header, #summary-title", "report-book.png": "#book-5"}


def sample_report(folder: Path) -> Path:
    """The HTML report of the sample books (samples/), written into `folder`."""
    from disclosure_lint.api import lint_many
    from disclosure_lint.config import resolve_config
    from disclosure_lint.reporters.html import write

    samples = sorted((ROOT / "samples").iterdir())
    report = lint_many(samples, [resolve_config(p, None).with_overrides(model="GPT-4") for p in samples])
    out = io.StringIO()
    write(report, out, base=ROOT)
    path = folder / "report.html"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def take(folder: Path) -> dict[str, bytes]:
    """Each picture of `SHOTS`, as PNG bytes."""
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-shots-") as scratch:
        report = sample_report(Path(scratch))
        shots = {}
        with Browser() as browser:
            page = browser.page(width=1000, height=800)
            page.goto(report.as_uri())
            for name, selector in SHOTS.items():
                first = selector.split(",")[0].strip()
                box = page.evaluate(f"(() => {{ const r = document.querySelector({first!r}).getBoundingClientRect();"
                                    " return [r.top + window.scrollY, r.left]; })()")
                clip = {"x": 0, "y": max(0, box[0] - 8), "width": 1000, "height": 760, "scale": 1}
                data = page.send("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                            "captureBeyondViewport": True})["data"]
                shots[name] = base64.b64decode(data)
        for name, data in shots.items():
            (folder / name).write_bytes(data)
        return shots


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name in take(IMAGES):
        print(os.path.relpath(IMAGES / name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
