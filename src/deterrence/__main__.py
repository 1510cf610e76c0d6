"""``python -m deterrence`` runs the command line."""

from .cli import main

main()
