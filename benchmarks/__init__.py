"""neqsc benchmarks: ``python -m benchmarks [NAME ...]``.

Each module ``benchmarks/bench_<name>.py`` defines ``run() -> dict`` returning the measured figures. Speed is
reported as ratios against a baseline measured in the same process (never as absolute timing asserts);
results go to ``benchmarks/results/<name>.json`` with machine information and peak RSS.
"""
