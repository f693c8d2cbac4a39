package clustersim

// UNCONFIRMED: guesses of this package, kept here so a recording can replace them.
//
//   - windowsBuildRevision: the revision (fourth part) of each release's
//     $PSVersionTable.PSVersion and BuildVersion. The major, minor and build parts are
//     documented (windows.go); which update level a user runs is not knowable, so the
//     revisions are plausible values only.
//   - Windows2016 is 2016 RTM, with the -Command - stdin hang on (windows.go stdinHangs);
//     whether a later cumulative update of 2016 carries PowerShell's fix is unknown.
//   - Windows PowerShell 2.0 (Windows2008R2) is modelled as the 5.1 engine without the
//     cmdlets 3.0 introduced (winps51.Version2Absent) and with PSVersion 2.0; 2.0's other
//     differences (no ordered hashtables, no member enumeration, older error texts) are
//     not modelled.
//   - The registry's ProductName and build (package cluster) say 2008 R2 SP1 whatever the
//     release.
//   - PowerShell 2.0's output over WinRM is wrapped every 80 characters, inside words,
//     stdout and stderr alike (windows.go consoleWrapWidth): from an issue report
//     (diyan/pywinrm#216), not a recording; which later releases, if any, wrap redirected
//     output too is not known (the recordings of 5.1 show CLIXML error text broken at the
//     last space before column 120 only, winps51 errorViewWidth, and no other output
//     wrapped).
var windowsBuildRevision = map[Windows]string{
	Windows2008R2: "24545",
	Windows2012R2: "20478",
	Windows2016:   "0",
	Windows2019:   "1432",
	Windows2022:   "2031",
	Windows2025:   "1742",
}
