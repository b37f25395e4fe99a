"""Makes the modules shared by every test folder (``testsuite_scripts``) importable,
whichever folder's tests run alone."""

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
