"""`rasa data validate` finds nothing to complain about (warnings count as failures)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_training_data_domain_and_rules_are_consistent() -> None:
    rasa = Path(sys.executable).parent / "rasa"
    result = subprocess.run(
        [
            str(rasa),
            "data",
            "validate",
            "--fail-on-warnings",
            "--data",
            "nlu/data",
            "dialogue",
            "--domain",
            "domain.yml",
            "--config",
            "config.yml",
        ],
        cwd=ROOT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "UserWarning" in line or "ERROR" in line
    ]
    assert result.returncode == 0, "\n".join(problems) or result.stderr[-3000:]
