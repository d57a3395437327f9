"""Entry point for ``python -m f1core``."""

import sys

from f1core.cli import main

sys.exit(main())
