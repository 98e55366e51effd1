"""The Qt-free core: what a connector is, how its icon is encoded and painted, how it is sent.

Nothing in this package imports PySide6 (ruff's banned-api rule and
``tests/core/test_layering.py`` enforce it). Functions take and return plain values and raise
only :class:`gui.core.errors.B24Error` subclasses on purpose.
"""
