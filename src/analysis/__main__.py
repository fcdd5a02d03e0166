"""``python -m analysis``: see :mod:`analysis.build`."""
import sys

from .build import main

sys.exit(main())
