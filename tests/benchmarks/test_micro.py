"""The core micro-benchmarks measure the native tier as a runtime of its own, and
``--only-micro`` measures chosen kernels alone, refusing names it does not know."""

import importlib.util
import json

import pytest

from benchmarks.__main__ import main
from benchmarks.micro import KERNELS, runtimes

NATIVE = importlib.util.find_spec("llvmlite") is not None


def test_the_native_tier_is_a_runtime_when_llvmlite_is_installed():
    assert ("wasmlite-native" in runtimes()) == NATIVE
    assert runtimes()[0] == "wasmlite"


@pytest.mark.skipif(not NATIVE, reason="the native tier needs llvmlite")
def test_only_micro_prints_each_runtimes_figures(capsys):
    assert main(["--only-micro", "--micro", "export_call", "--runs", "1",
                 "--runtimes", "wasmlite-native"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["kernel"] == "export_call"
    result = record["results"]["wasmlite-native"]
    assert result["runs"] == 1 and result["unit"] == KERNELS["export_call"][2]
    assert result["per_op"] > 0


def test_only_micro_refuses_unknown_kernels_and_runtimes(capsys):
    with pytest.raises(SystemExit):
        main(["--only-micro", "--micro", "export_call,nope"])
    assert "no kernel named nope" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--only-micro", "--runtimes", "wasmlite,v8"])
    assert "v8 not available here" in capsys.readouterr().err
