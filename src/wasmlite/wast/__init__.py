"""Running WAST scripts (core and component) through the public API, as the
``wasmlite wast`` command does.

* ``runner.py``: the commands of one script and the report of what passed;
* ``component_values.py``: script values as component values, and results
  compared with expected values.
"""

from .runner import FileReport, Outcome, run_file, run_script

__all__ = ["FileReport", "Outcome", "run_file", "run_script"]
