// Package winps51 is the simulator's Windows PowerShell 5.1: a tree-walking evaluator of the
// syntax trees package syntax parses, for the subset written down in SUBSET.md, with the
// console's output formatting, its error view (text or CLIXML on stderr) and the
// behaviour of powershell.exe behind WinRM (-Command TEXT, -EncodedCommand, -Command -).
//
// Hosts (the simulated nodes) give a Runspace their cmdlets, native programs and objects
// through api.go; everything the engine does that was not confirmed against a real
// Windows is named in unconfirmed.go.
package winps51
