"""A worker's heap is settled once the app is loaded."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

from complaints.heap import YOUNG_GENERATION_THRESHOLD, settle

ROOT = Path(__file__).resolve().parents[2]


def test_settling_freezes_the_living_and_collects_the_young_less_often() -> None:
    threshold = gc.get_threshold()
    kept = [object() for _ in range(10)]
    try:
        settle()
        assert gc.get_freeze_count() >= len(kept)
        assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_gunicorn_settles_each_worker_after_loading_the_app() -> None:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    threshold = gc.get_threshold()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
