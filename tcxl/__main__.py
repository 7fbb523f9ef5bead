"""``python -m tcxl`` = the ``tcxl`` command."""

from .cli import run

run()
