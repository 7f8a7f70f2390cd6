"""`disclosure-lint lsp`: the checks in the editor, over the Language Server Protocol (stdio).

A thin front door over the engine `check` uses (`api.check_book`: the book a file belongs to,
resolved as `check` resolves it, its config, its report), in the way `ruff server` and vale-ls
sit over their linters:

- `diagnostics`: a book's report as LSP diagnostics, one list per file of the book;
- `actions`: code actions (insert the disclosure; a disable comment for a rule here) and hover;
- `server`: the pygls server: documents, settings, debouncing, config changes, errors.

pygls is an optional dependency (`pip install 'disclosure-lint[lsp]'`); nothing outside this
package imports it, so `check` and `--version` never pay for it.
"""

from __future__ import annotations

#: Settings a client may give (initializationOptions, or the `disclosureLint` section of
#: workspace/configuration and didChangeConfiguration).
SETTINGS_SECTION = "disclosureLint"
