"""`python -m tui.cli`, the same as the installed `threadkeep`."""

import sys

from tui.cli import main

sys.exit(main())
