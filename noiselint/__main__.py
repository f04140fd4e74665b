import sys

from noiselint.cli import main

sys.exit(main())
