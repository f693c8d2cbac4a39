// Package cmdexe is what Windows does with a command line that a WinRM cmd shell receives:
// cmd.exe /c (its 8191-character limit, its quoting and ^ escapes, %VAR% expansion, the
// operators &, &&, ||, | and simple redirections, the builtins echo, exit, set, rem, cd and
// ver), then the program it starts: hostname.exe, powershell.exe (its switches parsed as
// Windows PowerShell 5.1 parses them), cmd.exe itself, or a Program the node provides (reg,
// ntbackup). A Host is one node; it implements wsman.Executor.
//
// Behaviour that is a guess rather than a documented fact lives in unconfirmed.go.
package cmdexe
