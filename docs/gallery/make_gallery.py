"""Regenerate the gallery images: run every ``neqsc reproduce`` recipe and keep a small PNG of its figure.

The recipes take from seconds to minutes each (about 15 minutes in all on two cores), too long for every docs build,
so the gallery page shows the committed PNGs in ``docs/_static/gallery/`` and this script refreshes them::

    python docs/gallery/make_gallery.py            # every recipe
    python docs/gallery/make_gallery.py psc-fig1   # selected recipes

Each image is the recipe's first PNG, downscaled to at most 900 px wide. A recipe's run time is written to
``docs/_static/gallery/timings.json`` beside the images.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt

from neqsc import reproduce

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parent / "_static" / "gallery"
MAX_WIDTH = 900  # px


def shrink(src: Path, dst: Path) -> None:
    """Write ``src`` (a PNG) to ``dst`` at most ``MAX_WIDTH`` pixels wide, keeping the aspect ratio."""
    img = mpimg.imread(src)
    height, width = img.shape[:2]
    scale = min(1.0, MAX_WIDTH / width)
    dpi = 100
    fig = plt.figure(figsize=(width * scale / dpi, height * scale / dpi), dpi=dpi)
    fig.figimage(img if scale == 1.0 else _resample(img, scale), resize=False)
    fig.savefig(dst, dpi=dpi)
    plt.close(fig)


def _resample(img, scale: float):
    """Area-average ``img`` down by ``scale`` (< 1) with NumPy only."""
    import numpy as np

    height, width = img.shape[:2]
    rows = (np.arange(int(height * scale)) / scale).astype(int)
    cols = (np.arange(int(width * scale)) / scale).astype(int)
    step = max(1, round(1 / scale))
    acc = np.zeros((rows.size, cols.size, img.shape[2]))
    for dy in range(step):
        for dx in range(step):
            acc += img[np.minimum(rows + dy, height - 1)][:, np.minimum(cols + dx, width - 1)]
    return acc / step**2


def main(names: list[str]) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    timings_file = IMAGES / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    recipes = reproduce.available()
    for name in names or list(recipes):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            result = reproduce.run(name, tmp)
            elapsed = time.perf_counter() - start
            pngs = [f for f in result.files if Path(f).suffix == ".png"]
            if not pngs:
                print(f"{name}: no PNG written", file=sys.stderr)
                continue
            shrink(Path(pngs[0]), IMAGES / f"{name}.png")
        timings[name] = round(elapsed, 1)
        timings_file.write_text(json.dumps(dict(sorted(timings.items())), indent=1) + "\n")
        print(f"{name}: {elapsed:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
