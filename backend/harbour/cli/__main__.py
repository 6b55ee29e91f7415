"""`python -m harbour.cli`, as the `harbour` command."""

import sys

from harbour.cli import main

sys.exit(main())
