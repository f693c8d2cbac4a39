package winps51

// This file is the engine's public contract with its hosts (clustersim/winhost binds
// the cluster, the registry and the event log to it). Extend it; do not break it.

import (
	"context"
	"fmt"
	"io"
)

// Value is a PowerShell value. The dynamic types used are:
//
//	nil                    $null
//	bool                   [bool]
//	int                    [int] (Int32 range; Int32 arithmetic that overflows gives a Double, as PowerShell's does)
//	int64, float64         [long], [double]
//	string                 [string]
//	[]byte                 [byte[]]
//	[]Value                object[] (arrays; never unrolled inside a Value)
//	*Hashtable             @{} and [ordered]@{}
//	*Object                [pscustomobject] and host objects (ClusterResource, RegistryKey, ...)
//	Enum                   a .NET enum value (ClusterResourceState, ...)
//	*ScriptBlock           { ... }
//	time.Time              [datetime]
//
// Hosts may also put other Go integer types (int32, uint32, ...) and float32 in objects:
// the engine reads them as int / int64 / float64.
type Value = any

// Enum is a .NET enum value. Output and string conversion use Name; ConvertTo-Json in 5.1
// writes Value (a number).
type Enum struct {
	Type  string // full type name, e.g. "Microsoft.FailoverClusters.PowerShell.ClusterResourceState"
	Name  string
	Value int64
}

// Property is one named property of an Object.
type Property struct {
	Name  string
	Value Value
}

// Object is a PSObject: a [pscustomobject] or an object a cmdlet returns. Property lookup is
// case-insensitive and order-preserving.
type Object struct {
	// TypeNames is the PSTypeNames list, most derived first (e.g.
	// "Microsoft.FailoverClusters.PowerShell.ClusterResource"); "System.Object" is implied.
	TypeNames []string
	Props     []Property
	// Str, when set, is what [string]$obj and "$obj" give (e.g. a ClusterResource gives its
	// Name). When nil, a pscustomobject converts as 5.1 does ("@{a=1; b=2}") and other
	// objects to their first type name.
	Str func() string
	// DefaultDisplay is the list of columns of the type's default table view (what the
	// console shows). Empty: all properties (table for up to 4, list for 5 or more).
	DefaultDisplay []string
	// TableWidths, when set, are the widths of the DefaultDisplay columns as the type's
	// format view declares them; 0 (or a view without widths) gives each column an equal
	// share of the console width, as 5.1 does for views that declare no widths (e.g. the
	// FailoverClusters checkpoint table: four columns of 29). TableWidths set means "the
	// type has a table view": such an object starts a new table unless its columns are the
	// pending table's; an object without a view joins the table the first object opened,
	// with that table's columns (5.1's "first object wins").
	TableWidths []int

	// SetProp, when set, is called by property assignment ($res.RestartDelay = 600) so that
	// a host object can apply the change to its model; an error fails the assignment as
	// "Exception setting ...". When nil, existing properties are set on the Object only.
	SetProp func(name string, value Value) error

	// native links an engine value (an error record) to its PowerShell view.
	native any
}

// NewObject makes an Object with the given type name (may be "" for a pscustomobject) and
// properties, given as alternating name, value pairs.
func NewObject(typeName string, nameValues ...any) *Object {
	o := &Object{}
	if typeName != "" {
		o.TypeNames = []string{typeName}
	}
	for i := 0; i+1 < len(nameValues); i += 2 {
		name, ok := nameValues[i].(string)
		if !ok {
			panic(fmt.Sprintf("winps51.NewObject: property name %v is a %T, not a string", nameValues[i], nameValues[i]))
		}
		o.Props = append(o.Props, Property{Name: name, Value: nameValues[i+1]})
	}
	return o
}

// ToString converts a value to a string as PowerShell's [string] and "$v" do (invariant
// culture: 1.5, True, the elements of an array joined by spaces, an object's Str), so that
// a host converts its parameters the engine's one way.
func ToString(v Value) string { return toStr(v) }

// ParamKind says how an argument is converted when bound to a cmdlet parameter.
type ParamKind int

// Parameter kinds.
const (
	ParamString  ParamKind = iota // [string]: the argument converted to a string
	ParamStrings                  // [string[]] / StringCollection: one or more strings
	ParamSwitch                   // [switch]: present or -Name:$false
	ParamInt                      // [int]
	ParamBool                     // [bool]
	ParamObject                   // [object] / [psobject]: any value, as is
	ParamObjects                  // [object[]] / [psobject[]]
)

// Param declares one cmdlet parameter. Binding follows PowerShell: named (case-insensitive,
// unambiguous prefixes and aliases allowed), then positional in Position order, then pipeline
// input (ByValue, then ByPropertyName). Missing mandatory parameters fail as
// ParameterBindingException in non-interactive mode.
type Param struct {
	Name                       string
	Aliases                    []string
	Kind                       ParamKind
	Position                   int // -1 when the parameter is named only
	Mandatory                  bool
	FromPipeline               bool
	FromPipelineByPropertyName bool
	// RemainingArguments collects positional arguments that no other parameter takes
	// (ValueFromRemainingArguments), as Write-Output's and Write-Host's do.
	RemainingArguments bool
	// AllowNull / AllowEmptyString lift the check that a Mandatory parameter gets neither
	// $null nor "" ([AllowNull()], [AllowEmptyString()]).
	AllowNull        bool
	AllowEmptyString bool
}

// Cmdlet is a compiled command a host provides.
type Cmdlet struct {
	Name   string // Verb-Noun
	Module string // e.g. "FailoverClusters"; "" for core cmdlets
	// TypeName is the .NET class that implements the cmdlet, the suffix of its errors'
	// FullyQualifiedErrorId (e.g. "Microsoft.PowerShell.Commands.GetItemCommand"). When
	// empty it is derived from Name and Module.
	TypeName string
	Params   []Param
	// SupportsShouldProcess adds -WhatIf and -Confirm. With ConfirmImpact "High" the cmdlet
	// asks for confirmation unless -Force or -Confirm:$false; non-interactive, asking fails.
	SupportsShouldProcess bool
	ConfirmImpact         string
	// Begin runs once before pipeline input (optional); Process runs once per pipeline
	// input object (once with no input when the cmdlet is first in its pipeline); End runs
	// once after the input (optional). Returning an error from any of them is a terminating
	// error; a *ErrorRecord keeps its id and category.
	Begin   func(c *Call) error
	Process func(c *Call) error
	End     func(c *Call) error

	// builtin marks the engine's own cmdlets, which may be unwound by the engine's panics;
	// a host's functions never are (see cmdCall.invoke).
	builtin bool
}

// ErrorRecord is a PowerShell error.
type ErrorRecord struct {
	Message               string
	ExceptionType         string // e.g. "System.Management.Automation.ItemNotFoundException"
	FullyQualifiedErrorID string // e.g. "PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand"
	Category              string // e.g. "ObjectNotFound"
	TargetObject          Value
}

func (e *ErrorRecord) Error() string { return e.Message }

// Call is one invocation of a Cmdlet: its bound parameters and its output.
type Call struct {
	Ctx context.Context
	// Input is the current pipeline input object inside Process (nil when none).
	Input Value
	// Host is the value given in Options.Host (the node a script runs on).
	Host any

	impl callImpl
}

// callImpl is implemented by the engine.
type callImpl interface {
	bound(name string) (Value, bool)
	writeObject(v Value)
	writeError(rec *ErrorRecord)
	writeWarning(msg string)
	shouldProcess(target, action string) (bool, error)
	shouldContinue(query, caption string) (bool, error)
}

// Bound reports whether the parameter was given (named, positional or from the pipeline).
func (c *Call) Bound(name string) bool { _, ok := c.impl.bound(name); return ok }

// Value returns the bound value of a parameter (nil when not bound), converted per its Kind:
// string, []string, bool, int, or the value as is.
func (c *Call) Value(name string) Value { v, _ := c.impl.bound(name); return v }

// String returns a ParamString parameter ("" when not bound).
func (c *Call) String(name string) string { s, _ := c.Value(name).(string); return s }

// Strings returns a ParamStrings parameter (nil when not bound).
func (c *Call) Strings(name string) []string { s, _ := c.Value(name).([]string); return s }

// Switch returns a ParamSwitch or ParamBool parameter.
func (c *Call) Switch(name string) bool { b, _ := c.Value(name).(bool); return b }

// WriteObject sends v down the pipeline (an []Value is sent as one object; use a loop to
// enumerate).
func (c *Call) WriteObject(v Value) { c.impl.writeObject(v) }

// WriteError writes a non-terminating error (subject to -ErrorAction / $ErrorActionPreference).
func (c *Call) WriteError(rec *ErrorRecord) { c.impl.writeError(rec) }

// WriteWarning writes to the warning stream.
func (c *Call) WriteWarning(msg string) { c.impl.writeWarning(msg) }

// ShouldProcess implements -WhatIf / -Confirm / ConfirmImpact. It returns false when the action
// must be skipped (-WhatIf, already printed), and an error when confirmation is needed but the
// host is non-interactive.
func (c *Call) ShouldProcess(target, action string) (bool, error) {
	return c.impl.shouldProcess(target, action)
}

// ShouldContinue is the cmdlet's own confirmation prompt ("Are you sure you want to remove
// registry checkpoint ...?"), which -Confirm:$false does not silence: a cmdlet asks it
// unless -Force. In a process without an interactive host it fails as 5.1's prompt does.
func (c *Call) ShouldContinue(query, caption string) (bool, error) {
	return c.impl.shouldContinue(query, caption)
}

// ErrorFormat is how errors reach stderr.
type ErrorFormat int

// Error formats.
const (
	// ErrorsText writes errors as the console does (message, "At line:..", category lines).
	ErrorsText ErrorFormat = iota
	// ErrorsCLIXML writes "#< CLIXML" then <Objs> records, as powershell.exe does when its
	// command came in with -EncodedCommand or its output format is XML.
	ErrorsCLIXML
)

// Options configure a Runspace: one powershell.exe process.
type Options struct {
	NonInteractive bool
	ErrorFormat    ErrorFormat
	// Cmdlets are the host's commands: core provider cmdlets (Test-Path, Get-Item, ... on the
	// registry), Get-EventLog, and module cmdlets (Module set) that autoload as in 5.1 and
	// that Import-Module names.
	Cmdlets []*Cmdlet
	// ComputerName is $env:COMPUTERNAME.
	ComputerName string
	// Host is handed to every Call.
	Host any
	// Programs are the node's executables (reg.exe, ntbackup.exe ...), keyed by lower-case
	// name without ".exe". PowerShell runs them as native commands: stdout lines become
	// strings in the pipeline, stderr lines NativeCommandError records, the exit code
	// $LASTEXITCODE.
	Programs map[string]NativeProgram
	// Version is $PSVersionTable.PSVersion ("5.1.17763.1432" when empty). Below 3.0 the
	// cmdlets Windows PowerShell 3.0 introduced are absent (Version2Absent).
	Version string
	// BuildVersion is $PSVersionTable.BuildVersion, the Windows build ("10.0.17763.1432"
	// when empty).
	BuildVersion string
}

// Version2Absent are cmdlets of this engine that Windows PowerShell 2.0 lacks: each
// cmdlet's help says "This cmdlet was introduced in Windows PowerShell 3.0"
// (learn.microsoft.com ConvertTo-Json, ConvertFrom-Json).
var Version2Absent = []string{"ConvertTo-Json", "ConvertFrom-Json"}

// NativeProgram is an executable: argv[0] is the name as invoked.
type NativeProgram func(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int

// Runspace is one PowerShell process: its variables and functions persist across RunScript
// calls and across the lines of RunInteractive.
type Runspace struct {
	opts Options
	impl *runspaceState
}

// NewRunspace starts a PowerShell process.
func NewRunspace(opts Options) *Runspace {
	return &Runspace{opts: opts, impl: newRunspaceState(opts)}
}

// RunScript runs a whole script (-Command TEXT, -EncodedCommand) and returns the process
// exit code: 0, 1 after a terminating error, or N from exit N.
func (r *Runspace) RunScript(ctx context.Context, script string, stdout, stderr io.Writer) int {
	return r.impl.runScript(ctx, script, stdout, stderr)
}

// RunInteractive is -Command -: it reads stdin line by line and runs each statement as soon as
// it is complete (see SUBSET.md for the incomplete-statement rule), writing its output as it
// goes, until stdin ends or exit runs. It returns the exit code.
func (r *Runspace) RunInteractive(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) int {
	return r.impl.runInteractive(ctx, stdin, stdout, stderr)
}
