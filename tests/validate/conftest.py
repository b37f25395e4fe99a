"""Fixtures of the validator tests: the spec scripts, converted once per session."""

import pytest

from .spec_scripts import Converter, suite_root


@pytest.fixture(scope="session")
def converter(request, tmp_path_factory):
    """Converts the selected spec scripts in background threads, each once per session."""
    conv = Converter(suite_root(), tmp_path_factory.mktemp("wast-json"))
    conv.start([item.callspec.params["name"] for item in request.session.items
                if item.name.startswith(("test_core_script", "test_proposal_script"))])
    yield conv
    conv.close()
