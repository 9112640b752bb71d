"""``python -m neqsc`` runs the command line."""

from neqsc.cli import main

main()
