"""Figures gathered by the testsuite tests, printed after the run."""

FIGURES: dict[str, float] = {}


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("wasmlite text format: testsuite figures")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name}: {value}")
