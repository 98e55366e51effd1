"""Build the executable with PyInstaller: the one documented command.

    .venv/bin/python build_spec/build.py             # onedir: dist/b24-connector-configurator/
    .venv/bin/python build_spec/build.py --onefile   # onefile: dist/onefile/

Options: ``--distpath``, ``--workpath``, ``--clean``; see :mod:`pyinstaller_build`.
"""

import sys

from pyinstaller_build import main

if __name__ == "__main__":
    sys.exit(main())
