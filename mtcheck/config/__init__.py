"""Configuration: defaults, then a file, then the command line.

The file is the nearest `mtcheck.toml`, or `pyproject.toml` with a
`[tool.mtcheck]` table, found by walking up from the corpus folder (in each
folder `mtcheck.toml` wins).

- `options`: each key declared once, as a field of `Config` or `GateConfig`;
  `OPTIONS`, the CLI's options (`cli.configured`) and the rest derive from it.
- `loading`: the layers (defaults, file, `MTCHECK_CACHE_DIR`, command line),
  validated and merged, each value with its origin.
- `rendering`: `mtcheck config`'s listing and the README's reference.
"""

# The public names, as `from mtcheck.config import ...` has always given them.
from .loading import enabled_checks, find_config_file, load_config  # noqa: F401
from .options import (  # noqa: F401
    COMMAND_LINE, CONFIG_FILE, DEFAULT_ORIGIN, DEFAULT_WEIGHTS, OPTIONS, OUTPUT_FORMATS, PYPROJECT_FILE,
    SIGNIFICANCE_TESTS, Config, GateConfig, MetricLimit, Option, available_checks, effective_cache_dir,
    matches_check, option,
)  # fmt: skip
from .rendering import config_reference, render_config  # noqa: F401
