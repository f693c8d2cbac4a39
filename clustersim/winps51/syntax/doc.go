// Package syntax is the syntax of the simulator's Windows PowerShell 5.1: its modal
// tokenizer, its syntax tree with extents, and a recursive-descent parser for the subset
// written down in ../SUBSET.md.
//
// It knows nothing of the runtime (package winps51, which evaluates the tree): a test at the
// repository's root keeps it that way. Parse errors are *ParseError values; Error gives
// "line:col: message" as go/scanner does, for Go callers and tests, while the runtime shows
// a WinRM client the same error the way powershell.exe does ("At line:L char:C" and ~).
package syntax
