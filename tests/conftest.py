"""Makes the modules shared by every test folder (``testsuite_scripts``) importable,
whichever folder's tests run alone; and keeps modules under ``Config.strategy =
"auto"`` on the portable tier unless a test moves them itself (the tiering
tests do), so that no test's work depends on when a background compile ends."""

import os
import sys
from pathlib import Path

os.environ["WASMLITE_TIER_UP"] = "off"

TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
