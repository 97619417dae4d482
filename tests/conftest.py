"""Hypothesis runs the same examples on every machine (CI stays deterministic) and
never fails a test for being slow on a busy shared box."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "bulletin", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("bulletin")


import os  # noqa: E402

# Messages are tested in English unless a test asks for Chinese: whatever locale the
# machine running the tests has, the CLI and its subprocesses start from English.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
