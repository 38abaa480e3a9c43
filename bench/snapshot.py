"""Snapshot the analyzer's output on the whole corpus, or compare against a snapshot.

Speed work must not change a single label, score, offset, speaker, piece of
evidence or event. `save` pickles `Analyzer.load().pipe(...)` over every
article in `seeds/` (as given, and in upper case, lower case and with
non-ASCII spaces and quotes, to reach the rarer code paths); `compare`
recomputes and reports the first differences (scores within 1e-9).

    python bench/snapshot.py save /tmp/before.pkl
    python bench/snapshot.py compare /tmp/before.pkl
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from stance.analyzer import Analyzer
from stance.corpus import read_labelled
from stance.records import Analysis, Article

_TOLERANCE = 1e-9


def articles() -> list[Article]:
    """Every seed article, plus variants that take the non-ASCII and case-folding paths."""
    base = [a.article for a in read_labelled(["seeds/"])]
    base += [Article(text=path.read_text(encoding="utf-8"), id=path.stem)
             for path in sorted(Path("seeds/articles").glob("*.txt"))]
    variants = []
    for a in base:
        variants.append(Article(text=a.text.upper(), id=f"{a.id}:upper"))
        variants.append(Article(text=a.text.lower(), id=f"{a.id}:lower", published=a.published))
        odd = a.text.replace(" the ", " the\u00a0").replace("'", "\u2019").replace('"', "\u201c")
        # a dotless i, which Python's case folding matches with "i" (see prefilter.py)
        odd += "\n\nAnalyst Yıldız said it was a serious threat."
        variants.append(Article(text=odd, id=f"{a.id}:unicode", title=a.title))
    return base + variants


def run() -> list[Analysis]:
    """The analyzer's output on `articles()`."""
    return list(Analyzer.load().pipe(articles(), batch_size=32))


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    """Where `old` and `new` differ (floats within the tolerance count as equal)."""
    if isinstance(old, float) and isinstance(new, float):
        return [] if math.isclose(old, new, rel_tol=0, abs_tol=_TOLERANCE) else [f"{where}: {old!r} != {new!r}"]
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return [f"{where}: keys {list(old)} != {list(new)}"]
        return [d for k in old for d in differences(old[k], new[k], f"{where}.{k}")]
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        if len(old) != len(new) or type(old) is not type(new):
            return [f"{where}: {old!r} != {new!r}"]
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in differences(a, b, f"{where}[{i}]")]
    return [] if type(old) is type(new) and old == new else [f"{where}: {old!r} != {new!r}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("path")
    args = parser.parse_args()
    current = [asdict(a) for a in run()]
    if args.action == "save":
        Path(args.path).write_bytes(pickle.dumps(current))
        print(f"saved {len(current)} analyses, {sum(len(a['sentences']) for a in current):,} sentences")
        return
    found = differences(pickle.loads(Path(args.path).read_bytes()), current)
    for line in found[:20]:
        print(line)
    sentences = sum(len(a["sentences"]) for a in current)
    verdict = "IDENTICAL" if not found else f"{len(found)} differences"
    print(f"{len(current)} analyses, {sentences:,} sentences: {verdict}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
