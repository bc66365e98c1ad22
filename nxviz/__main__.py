"""``python -m nxviz``: the same as the ``nxviz`` command."""

import sys

from nxviz.cli import main

sys.exit(main())
