package cmdexe

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParsePowerShellArgs(t *testing.T) {
	enc := EncodeCommand("Get-Date")
	tests := []struct {
		name  string
		line  string
		check func(Invocation) bool
		err   string
	}{
		{"usual launch", "-NoProfile -NonInteractive -EncodedCommand " + enc,
			func(i Invocation) bool { return i.NoProfile && i.NonInteractive && i.Encoded && i.Script == "Get-Date" }, ""},
		{"prefixes", "-nop -noni -ec " + enc, func(i Invocation) bool { return i.NoProfile && i.NonInteractive && i.Script == "Get-Date" }, ""},
		{"-e", "-e " + enc, func(i Invocation) bool { return i.Encoded && i.Script == "Get-Date" }, ""},
		{"slash and double dash", "/NoLogo --noprofile /c dir", func(i Invocation) bool { return i.NoLogo && i.NoProfile && i.Script == "dir" }, ""},
		{"case", "-NOPROFILE -cOmMaNd Get-Item x", func(i Invocation) bool { return i.NoProfile && i.Script == "Get-Item x" }, ""},
		{"command is the rest", `-Command Write-Output "a b" -NoProfile`, func(i Invocation) bool { return !i.NoProfile && i.Script == "Write-Output a b -NoProfile" }, ""},
		{"command from stdin", "-NoProfile -Command -", func(i Invocation) bool { return i.ScriptFromStdin && i.Script == "" }, ""},
		{"bare dash reads stdin", "-", func(i Invocation) bool { return i.ScriptFromStdin && i.Script == "" }, ""},
		{"bare dash after switches", "-NoProfile -", func(i Invocation) bool { return i.NoProfile && i.ScriptFromStdin }, ""},
		{"bare text is a command", "Get-Process -Name x", func(i Invocation) bool { return i.Script == "Get-Process -Name x" }, ""},
		{"unknown switch starts the command", "-NoProfile -Bogus 1", func(i Invocation) bool { return i.NoProfile && i.Script == "-Bogus 1" }, ""},
		{"nothing reads stdin", "-NoProfile", func(i Invocation) bool { return i.ScriptFromStdin }, ""},
		{"formats", "-InputFormat xml -OutputFormat Text -c 1", func(i Invocation) bool { return i.InputFormat == "XML" && i.OutputFormat == "Text" }, ""},
		{"output xml gives clixml errors", "-of XML -c 1", func(i Invocation) bool { return i.CLIXMLErrors() && !i.Encoded }, ""},
		{"execution policy", "-ex Bypass -ep RemoteSigned -c 1", func(i Invocation) bool { return i.ExecutionPolicy == "RemoteSigned" }, ""},
		{"window style", "-WindowStyle hidden -c 1", func(i Invocation) bool { return i.WindowStyle == "Hidden" }, ""},
		{"mta", "-mta -c 1", func(i Invocation) bool { return i.Apartment == "MTA" }, ""},
		{"sta", "-sta -c 1", func(i Invocation) bool { return i.Apartment == "STA" }, ""},
		{"version", "-Version 2.0 -c 1", func(i Invocation) bool { return i.Version == "2.0" }, ""},
		{"encoded then switches", "-EncodedCommand " + enc + " -NonInteractive", func(i Invocation) bool { return i.NonInteractive && i.Script == "Get-Date" }, ""},

		{"bad base64", "-EncodedCommand abc", nil, psBadCommandValue},
		{"missing command", "-NoProfile -Command", nil, psMissingCommandParameter},
		{"missing encoded", "-EncodedCommand", nil, psMissingCommandParameter},
		{"dash with more", "-Command - x", nil, psTooManyParametersToCmd},
		{"two commands", "-ec " + enc + " -Command x", nil, psCommandAlreadySpecified},
		{"encoded then bare text", "-ec " + enc + " x", nil, psCommandAlreadySpecified},
		{"bad format", "-OutputFormat json", nil, fmt.Sprintf(psBadFormatParameterValue, "json", dataFormats)},
		{"missing format", "-InputFormat", nil, fmt.Sprintf(psMissingInputFormat, dataFormats)},
		{"sta and mta", "-sta -mta", nil, psMtaStaMutuallyExclusive},
		{"missing policy", "-ExecutionPolicy", nil, psMissingExecutionPolicy},
		{"file without ps1", "-File x.txt", nil, fmt.Sprintf(psInvalidFileExtension, "x.txt")},
		{"missing file", `-File C:\s.ps1`, nil, fmt.Sprintf(psArgumentFileDoesNotExist, `C:\s.ps1`)},
		{"bad version", "-Version 9", nil, fmt.Sprintf(versionNotInstalledText, "9")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := ParsePowerShellArgs(CommandLineToArgv("powershell " + tt.line)[1:])
			if tt.err != "" {
				var pe *psParseError
				if !errors.As(err, &pe) || pe.Message != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !tt.check(inv) {
				t.Fatalf("got %+v, %v", inv, err)
			}
		})
	}
}

func TestEncodedCommandRoundTrip(t *testing.T) {
	for _, s := range []string{"", "Get-Date", "'é' + \"ü\" + '😀'", strings.Repeat("x", 3000), "a\r\nb"} {
		got, ok := DecodeEncodedCommand(EncodeCommand(s))
		if !ok || got != s {
			t.Errorf("round trip of %q gave %q %v", s, got, ok)
		}
	}
	// "Get-Date" as Windows encodes it (UTF-16LE, base64).
	if got, ok := DecodeEncodedCommand("RwBlAHQALQBEAGEAdABlAA=="); !ok || got != "Get-Date" {
		t.Errorf("decoding a Windows value gave %q %v", got, ok)
	}
	if _, ok := DecodeEncodedCommand("RwBlAHQALQBEAGEAdABlAA"); ok {
		t.Error("missing padding must fail as in .NET")
	}
}

func FuzzParsers(f *testing.F) {
	for _, s := range []string{"echo a & b", `"x" ^& %Y%`, "a 2>&1 | b || c && d", "-nop -ec " + EncodeCommand("1"), "-Command -", "2>", "|", "%%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		expanded := expandPercent(s, func(n string) (string, bool) { return strings.ToUpper(n), n == "x" })
		items, err := parseLine(stripOuterQuotes(expanded, func(string) bool { return true }))
		if err == nil {
			for _, it := range items {
				if len(it.pipe) == 0 {
					t.Fatalf("empty pipeline from %q", s)
				}
			}
		}
		_, _ = ParsePowerShellArgs(CommandLineToArgv(s))
		commandWord(s)
	})
}
