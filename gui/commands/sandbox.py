"""PLACEHOLDER: replaced by the module's owner (see docs/ARCHITECTURE.md)."""

from __future__ import annotations

import argparse

from gui.core.errors import InternalError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    raise InternalError("not built yet")
