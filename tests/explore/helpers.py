"""Helpers of the browser tests: wait for a view's computation, read its numbers, set an input, check a screenshot."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

TIMEOUT_MS = 60_000  # generous: the CI machine may be shared; the views themselves update in ~1 s


def wait_done(page, after: int = 0) -> int:
    """Wait until a computation newer than generation ``after`` has been drawn; return its generation."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    done = page.locator(".nq-done")  # Playwright's CSS locators pierce the pages' shadow roots
    while time.monotonic() < deadline:
        if done.count() and int(done.get_attribute("data-generation")) > after:
            return int(done.get_attribute("data-generation"))
        failed = page.locator(".nq-failed")
        if failed.count():
            raise AssertionError(f"computation failed: {page.locator('.nq-error').inner_text()}")
        page.wait_for_timeout(100)
    raise TimeoutError(f"no computation newer than generation {after} finished in {TIMEOUT_MS / 1000:g} s")


def number(page, key: str) -> str:
    return page.locator(f".nq-value[data-key='{key}']").inner_text().strip()


def set_input(page, name: str, value) -> None:
    box = page.locator(f".nq-w-{name} input")
    box.fill(str(value))
    box.press("Enter")


def select(page, name: str, value: str) -> None:
    page.locator(f".nq-w-{name} select").select_option(value)


def check_screenshot(page, path: Path) -> None:
    """Save a full-page screenshot and check that it is not blank (many distinct colours, not one flat field)."""
    from PIL import Image

    page.screenshot(path=str(path), full_page=True)
    img = np.asarray(Image.open(path).convert("RGB"), dtype=float)
    assert img.shape[0] > 300 and img.shape[1] > 300
    # a drawn page has dark text and coloured curves on a light background: the pixel spread is large
    assert img.std() > 20, f"screenshot {path} looks blank (std {img.std():.1f})"
    colours = np.unique(img[::4, ::4].reshape(-1, 3), axis=0)
    assert len(colours) > 50, f"screenshot {path} has only {len(colours)} colours"


def no_console_errors(page) -> None:
    assert page.errors == [], f"console errors: {page.errors}"


def download(page, label: str, path: Path) -> Path:
    """Click a view's download button (Panel ``FileDownload``, e.g. "Data (netCDF)"), save the file to ``path``."""
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(str(path))
    return path


def open_netcdf(path: Path):
    """The downloaded netCDF as an in-memory xarray Dataset (the file is closed again)."""
    import xarray as xr

    with xr.open_dataset(path) as ds:
        return ds.load()


def check_png(path: Path) -> None:
    """A downloaded figure is a valid PNG (signature, decodable) that is not blank."""
    from PIL import Image

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    with Image.open(path) as im:
        im.verify()  # checks the chunks and CRCs
    img = np.asarray(Image.open(path).convert("RGB"), dtype=float)
    assert img.shape[0] > 200 and img.shape[1] > 200
    assert img.std() > 10, f"figure {path} looks blank (std {img.std():.1f})"
    assert len(np.unique(img[::2, ::2].reshape(-1, 3), axis=0)) > 20, f"figure {path} has too few colours"
