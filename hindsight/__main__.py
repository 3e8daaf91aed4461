import sys

from hindsight.cli import main

sys.exit(main())
