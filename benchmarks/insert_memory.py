"""`python -m benchmarks insert`: peak memory of `insert` on illustrated books (issue 19, item 1).

    python -m benchmarks insert                 # 1 GiB of images, and 128 MiB to compare
    python -m benchmarks insert --quick         # 128 MiB and 512 MiB
    python -m benchmarks insert --image-mib 2048

A DOCX and an EPUB of a 20,000-word novel without a disclosure, each with six photographs of
incompressible bytes, stored as cameras' JPEGs are (about 1 GiB of images in all by default).
The EPUB's images are in its manifest and shown by its chapters; the DOCX's are media members of
the package (as Word stores them; no drawing points at them, which changes nothing for `insert`:
it copies every member it does not edit). The images are written a chunk at a time, so building
the inputs needs little memory; they go to ``benchmarks/.data/insert/`` (gitignored), and each
run inserts into a fresh copy.

Reported, for each book and size: the peak resident set of `disclosure-lint insert` and of
`disclosure-lint check` on the same file (each its own process, `os.wait4`'s ru_maxrss, as the
speed benchmark measures), and the ratios insert / check and insert / file. The target: insert's
peak under 100 MiB on the book with 1 GiB of images, and the same within a few MiB whatever the
images weigh (what `insert` holds is the parts it edits, never the package).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # `python benchmarks/insert_memory.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import inputs as _inputs
    from benchmarks.run import _STARTERS, TOOL, machine, run_once, table
else:
    from . import inputs as _inputs
    from .run import _STARTERS, TOOL, machine, run_once, table

DATA = Path(__file__).resolve().parent / ".data" / "insert"
IMAGES = 6
TARGET_MIB = 100
_CHUNK = 1 << 20
_VERSION = "1"


def _photo(zf: zipfile.ZipFile, name: str, size: int, rng: random.Random) -> None:
    """A stored member of `size` incompressible bytes with a JPEG's first bytes, a chunk at a time."""
    info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = size
    with zf.open(info, "w", force_zip64=size > 0x7FFF0000) as out:
        out.write(b"\xff\xd8\xff\xe0")
        left = size - 4
        while left:
            n = min(left, _CHUNK)
            out.write(rng.randbytes(n))
            left -= n


def _with_photos(source: Path, target: Path, photos: Sequence[str], size: int, *, replace: bool) -> Path:
    """A copy of the package `source` with the members `photos` (`replace`: those already in it,
    small, become `size` bytes each; else they are added)."""
    rng = random.Random(19)
    tmp = target.with_suffix(".part")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if replace and info.filename in photos:
                _photo(dst, info.filename, size, rng)
            else:
                dst.writestr(info, src.read(info.filename), compress_type=info.compress_type)
        if not replace:
            for name in photos:
                _photo(dst, name, size, rng)
    tmp.replace(target)
    return target


def build(folder: Path, image_mib: int) -> tuple[Path, Path]:
    """The DOCX and the EPUB with `image_mib` MiB of photographs (reused when already built)."""
    folder.mkdir(parents=True, exist_ok=True)
    docx_path = folder / f"photos-{image_mib}mib.docx"
    epub_path = folder / f"photos-{image_mib}mib.epub"
    stamp = folder / f"stamp-{image_mib}"
    if stamp.exists() and stamp.read_text() == _VERSION and docx_path.exists() and epub_path.exists():
        return docx_path, epub_path
    novel = _inputs.make_novel(20_000, 12, seed=19)
    novel = dataclasses.replace(novel, foreword=novel.foreword[1:])  # no disclosure: insert has work to do
    size = image_mib * 1024 * 1024 // IMAGES
    plain_docx = _inputs.write_docx(novel, folder / "plain.docx")
    _with_photos(plain_docx, docx_path, [f"word/media/photo{i + 1}.jpeg" for i in range(IMAGES)], size,
                 replace=False)
    plain_epub = _inputs.write_epub(novel, folder / "plain.epub", images=IMAGES, image_bytes=64)
    _with_photos(plain_epub, epub_path, [f"OEBPS/images/plate-{i:04d}.jpg" for i in range(IMAGES)], size,
                 replace=True)
    plain_docx.unlink()
    plain_epub.unlink()
    stamp.write_text(_VERSION)
    return docx_path, epub_path


def measure(book: Path, runs: int) -> tuple[float, float, int]:
    """Peak MiB of `check` and of `insert` (each the largest of `runs`), and insert's exit code."""
    work = book.with_name("work" + book.suffix)
    check_peak = insert_peak = 0.0
    code = 0
    for _ in range(runs):
        check_peak = max(check_peak, run_once([*TOOL, "check", "-q", str(book)]).rss_mib)
        shutil.copyfile(book, work)
        sample = run_once([*TOOL, "insert", str(work), "--model", "GPT-4"])
        insert_peak = max(insert_peak, sample.rss_mib)
        code = max(code, sample.code)
    work.unlink(missing_ok=True)
    return check_peak, insert_peak, code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks insert", description=__doc__.split("\n\n")[0])
    parser.add_argument("--image-mib", type=int, action="append",
                        help="MiB of images per book (repeatable; default 128 and 1024)")
    parser.add_argument("--quick", action="store_true", help="128 and 512 MiB of images, one run each")
    parser.add_argument("--runs", type=int, default=2, help="runs per command (the peak is the largest)")
    parser.add_argument("--data", type=Path, default=DATA, help="where inputs are generated")
    args = parser.parse_args(argv)
    sizes = args.image_mib or ([128, 512] if args.quick else [128, 1024])
    runs = 1 if args.quick else args.runs
    print("\n".join(machine()))
    rows = []
    peaks: dict[int, list[float]] = {}
    failed = False
    for mib in sizes:
        print(f"  building the books with {mib} MiB of images ...", file=sys.stderr)
        for book in build(args.data, mib):
            print(f"  {book.name} ...", file=sys.stderr)
            check_peak, insert_peak, code = measure(book, runs)
            failed |= code != 0
            size = book.stat().st_size / (1024 * 1024)
            peaks.setdefault(mib, []).append(insert_peak)
            rows.append([book.suffix[1:].upper(), f"{mib:,}", f"{size:,.0f}", f"{check_peak:.0f}",
                         f"{insert_peak:.0f}", f"{insert_peak / check_peak:.1f}x", f"{insert_peak / size:.3f}x"])
    print()
    print(table(["book", "images MiB", "file MiB", "check peak MiB", "insert peak MiB", "insert/check",
                 "insert/file"], rows))
    print()
    largest = max(sizes)
    worst = max(peaks[largest])
    spread = max(max(p) for p in peaks.values()) - min(min(p) for p in peaks.values())
    print(f"  {'ok  ' if worst < TARGET_MIB else 'MISS'} insert's peak under {TARGET_MIB} MiB with {largest:,} MiB "
          f"of images ({worst:.0f} MiB)")
    print(f"  {'ok  ' if spread < 16 else 'MISS'} the same whatever the images weigh: the peaks differ by "
          f"{spread:.0f} MiB from {min(sizes):,} to {largest:,} MiB of images")
    if failed:
        print("  MISS an insert failed (exit code above 0)")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"\nLoad average at the end: {load}")
    for starter in _STARTERS:
        starter.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
