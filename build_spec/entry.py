"""The frozen program's entry script: the same ``main`` as ``python -m gui``.

A separate script (not ``gui/__main__.py``) because PyInstaller puts the entry script's folder
on its search path, and ``gui/`` on the path would make ``cli``, ``core``... importable as
top-level modules.
"""

import sys

from gui.__main__ import main

sys.exit(main())
