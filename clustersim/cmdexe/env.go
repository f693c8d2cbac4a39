package cmdexe

import (
	"sort"
	"strings"
)

// environment is a process environment: names are case-insensitive and case-preserving,
// as on Windows.
type environment struct {
	vars map[string][2]string // upper-case name -> {name as set, value}
}

func newEnvironment() *environment { return &environment{vars: map[string][2]string{}} }

func (e *environment) set(name, value string) {
	e.vars[strings.ToUpper(name)] = [2]string{name, value}
}

func (e *environment) unset(name string) { delete(e.vars, strings.ToUpper(name)) }

func (e *environment) get(name string) (string, bool) {
	v, ok := e.vars[strings.ToUpper(name)]
	return v[1], ok
}

// sorted returns NAME=value lines in the order "set" lists them (by name, ignoring case).
func (e *environment) sorted(prefix string) []string {
	keys := make([]string, 0, len(e.vars))
	for k := range e.vars {
		if strings.HasPrefix(k, strings.ToUpper(prefix)) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = e.vars[k][0] + "=" + e.vars[k][1]
	}
	return out
}

func (e *environment) clone() *environment {
	c := newEnvironment()
	for k, v := range e.vars {
		c.vars[k] = v
	}
	return c
}

// Map returns the environment as a map (names as set).
func (e *environment) Map() map[string]string {
	m := make(map[string]string, len(e.vars))
	for _, v := range e.vars {
		m[v[0]] = v[1]
	}
	return m
}

// defaultEnvironment is the environment a WinRM shell's process gets on a Windows Server
// node for a user: the machine's variables and the user's profile ones.
func defaultEnvironment(computer, user string) *environment {
	domain := computer
	if i := strings.IndexByte(user, '\\'); i >= 0 {
		domain, user = user[:i], user[i+1:]
	} else if i := strings.IndexByte(user, '@'); i >= 0 {
		user, domain = user[:i], strings.ToUpper(strings.SplitN(user[i+1:], ".", 2)[0])
	}
	e := newEnvironment()
	for _, kv := range [][2]string{
		{"ALLUSERSPROFILE", `C:\ProgramData`},
		{"APPDATA", `C:\Users\` + user + `\AppData\Roaming`},
		{"CommonProgramFiles", `C:\Program Files\Common Files`},
		{"COMPUTERNAME", computer},
		{"ComSpec", `C:\Windows\system32\cmd.exe`},
		{"LOCALAPPDATA", `C:\Users\` + user + `\AppData\Local`},
		{"NUMBER_OF_PROCESSORS", "2"},
		{"OS", "Windows_NT"},
		{"Path", `C:\Windows\system32;C:\Windows;C:\Windows\System32\Wbem;C:\Windows\System32\WindowsPowerShell\v1.0\`},
		{"PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC"},
		{"PROCESSOR_ARCHITECTURE", "AMD64"},
		{"ProgramData", `C:\ProgramData`},
		{"ProgramFiles", `C:\Program Files`},
		{"PROMPT", "$P$G"},
		{"PSModulePath", `C:\Users\` + user + `\Documents\WindowsPowerShell\Modules;C:\Program Files\WindowsPowerShell\Modules;C:\Windows\system32\WindowsPowerShell\v1.0\Modules`},
		{"PUBLIC", `C:\Users\Public`},
		{"SystemDrive", "C:"},
		{"SystemRoot", `C:\Windows`},
		{"TEMP", `C:\Users\` + user + `\AppData\Local\Temp`},
		{"TMP", `C:\Users\` + user + `\AppData\Local\Temp`},
		{"USERDOMAIN", domain},
		{"USERNAME", user},
		{"USERPROFILE", `C:\Users\` + user},
		{"windir", `C:\Windows`},
	} {
		e.set(kv[0], kv[1])
	}
	return e
}
