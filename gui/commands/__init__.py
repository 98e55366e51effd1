"""One module per command-line command; see :mod:`gui.cli` for the contract they follow."""
