"""The action plan as a workbook, and spreadsheets imported back into it.

Export: one XLSX with the sheets "Actions", "Indicators", "Measurements" and "Progress", ids
included, every translated text in one column per deployment language ("title (en)",
"title (ja)"…). Rows are built here and rendered by ``core.tabular``.

Import (actions, or measurements): the same sheets, as XLSX or CSV. The columns are described
once (:func:`action_columns`, :func:`measurement_columns`) for the export, the checks and the
help on the import page, so they cannot drift apart. An import is all or nothing: every row is
checked first, and if any row has a problem nothing changes and every problem is reported with
its row (as numbered in the spreadsheet, the header being row 1) and column; otherwise all rows
are applied in one transaction. Column names are matched without regard to case, spaces or
underscores ("Lead city" = "lead_city"). A column left out of the file leaves that field of
existing actions as it is; an empty cell in a column that is there clears the field.
"""

# The package's public names, where the views and tests have always found them.
from citybridge.plans.spreadsheets.cells import (  # noqa: F401
    ImportRefused,
    ImportResult,
    Problem,
    import_limit_mb,
)
from citybridge.plans.spreadsheets.columns import (  # noqa: F401
    MAX_IMPORT_MB,
    MAX_IMPORT_ROWS,
    Column,
    action_columns,
    indicator_columns,
    measurement_columns,
    progress_columns,
)
from citybridge.plans.spreadsheets.export import render_plan_workbook  # noqa: F401
from citybridge.plans.spreadsheets.imports import import_actions, import_measurements  # noqa: F401
