package winps51

import "testing"

func TestSmoke(t *testing.T) {
	runCases(t, []scriptCase{
		{"string", "'hello'", "hello\n", "", 0},
		{"arith", "1 + 2 * 3", "7\n", "", 0},
		{"var", "$x = 5; $x * 2", "10\n", "", 0},
		{"expand", `$n = 'W'; "Hi $n $(1+1)"`, "Hi W 2\n", "", 0},
		{"pipeline", "1..3 | ForEach-Object { $_ * 2 }", "2\n4\n6\n", "", 0},
		{"where", "1..5 | Where-Object { $_ -gt 3 }", "4\n5\n", "", 0},
		{"function", "function f($a, $b) { $a + $b }; f 1 2", "3\n", "", 0},
		{"exit", "exit 3", "", "", 3},
		{"throw", "throw 'boom'", "", "boom", 1},
		{"trycatch", "try { throw 'x' } catch { 'caught ' + $_.Exception.Message }", "caught x\n", "", 0},
		{"notfound", "Get-Nothing", "", "The term 'Get-Nothing' is not recognized", 1},
		{"json", "@{a=1} | ConvertTo-Json -Compress", "{\"a\":1}\n", "", 0},
	})
}
