package winclient

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Captures in the format powershell.exe writes to stderr (see domain.md section 4): the
// header line, then <Objs> with progress records and S elements with _xHHHH_ escapes.
const (
	clixmlNotRecognized = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S S=\"Error\">Get-ClusterX : The term 'Get-ClusterX' is not recognized as the name of a cmdlet, function, script file, or operable _x000D__x000A_</S><S S=\"Error\">program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again._x000D__x000A_</S><S S=\"Error\">At line:1 char:1_x000D__x000A_</S><S S=\"Error\">+ Get-ClusterX_x000D__x000A_</S><S S=\"Error\">+ ~~~~~~~~~~~~_x000D__x000A_</S><S S=\"Error\">    + CategoryInfo          : ObjectNotFound: (Get-ClusterX:String) [], CommandNotFoundException_x000D__x000A_</S><S S=\"Error\">    + FullyQualifiedErrorId : CommandNotFoundException_x000D__x000A_</S><S S=\"Error\"> _x000D__x000A_</S></Objs>"
	clixmlProgressOnly  = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj></Objs>"
)

func TestDecodeCLIXML(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain text passes", "boom\r\n", "boom"},
		{"empty", "", ""},
		{"progress only", clixmlProgressOnly, ""},
		{"error lines", clixmlNotRecognized, "Get-ClusterX : The term 'Get-ClusterX' is not recognized as the name of a cmdlet, function, script file, or operable \nprogram. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\nAt line:1 char:1\n+ Get-ClusterX\n+ ~~~~~~~~~~~~\n    + CategoryInfo          : ObjectNotFound: (Get-ClusterX:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException"},
		{"progress then error", clixmlProgressOnly + "\r\n#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S S=\"Error\">Access is denied_x000D__x000A_</S></Objs>", "Access is denied"},
		{"warning stream is labelled", "#< CLIXML\n<Objs><S S=\"warning\">careful</S></Objs>", "WARNING: careful"},
		{"xml entities", "#< CLIXML\n<Objs><S S=\"Error\">a &lt;b&gt; &amp; 'c'</S></Objs>", "a <b> & 'c'"},
		{"surrogate pair escape", "#< CLIXML\n<Objs><S S=\"Error\">x_xD83D__xDE00_y</S></Objs>", "x\U0001F600y"},
		{"truncated xml keeps what parsed", "#< CLIXML\n<Objs><S S=\"Error\">first_x000D__x000A_</S><S S=\"Error\">sec", "first"},
		{"text before header kept", "early text\n#< CLIXML\n<Objs><S S=\"Error\">late</S></Objs>", "early text\nlate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := DecodeCLIXML(tc.in); got != tc.want {
				t.Fatalf("DecodeCLIXML =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func FuzzDecodeCLIXML(f *testing.F) {
	for _, s := range []string{clixmlNotRecognized, clixmlProgressOnly, "plain", "#< CLIXML\n<Objs><S S=\"Error\">_x0041_</S></Objs>", "#< CLIXML", "_x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := DecodeCLIXML(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("valid input gave invalid UTF-8: %q", out)
		}
		if !strings.Contains(in, clixmlHeader) && out != strings.TrimSpace(in) {
			t.Fatalf("text without CLIXML changed: %q -> %q", in, out)
		}
	})
}
