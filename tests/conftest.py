"""Hypothesis runs the same examples on every machine (CI stays deterministic) and
never fails a test for being slow on a busy shared box."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "bulletin", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("bulletin")
