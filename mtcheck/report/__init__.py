"""The report stage: what a run writes for people and for CI systems.

- `tables`: the CSV reports a person opens in a spreadsheet;
- `formats`: the output formats CI systems and logs read (text, GitHub and GitLab
  annotations, JUnit, JSON, JSON Lines, SARIF), one module each behind one registry;
- `terminal`: the tables the CLI prints (findings, gate, system comparison);
- `outputs`: committing every file of a run together, or none of them.

Submodules are imported where they are used, so loading a corpus does not
import pandas.
"""


def __getattr__(name: str):
    # `from mtcheck.report import write_reports` for library users, without
    # importing pandas for everyone who only needs `report.outputs`.
    if name == "write_reports":
        from .tables import write_reports

        return write_reports
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
