"""Writing a tree of files under a folder, as output and formatting both do."""

from __future__ import annotations

import os
from collections.abc import Mapping


def write_files(root: str, files: Mapping[str, bytes]) -> None:
    """Each relative posix path of `files` written under `root`, its folders made once each.

    Plain strings, not Paths, and one `makedirs` per folder: Stripe's tree has ~4,900 files.
    """
    made: set[str] = set()
    for path, data in files.items():
        target = os.path.join(root, path)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(target, "wb") as handle:
            handle.write(data)
