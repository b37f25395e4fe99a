"""Figures gathered by the component text tests, printed after the run."""

FIGURES: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("wasmlite component text format: reference test figures")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name}: {value}")
