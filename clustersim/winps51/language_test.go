package winps51

import (
	"strings"
	"testing"
)

// Every construct of SUBSET.md, script -> stdout / stderr / exit code.

func TestStrings(t *testing.T) {
	runCases(t, []scriptCase{
		{"single quoted", `'a $b "c"'`, "a $b \"c\"\n", "", 0},
		{"doubled single quote", `'it''s'`, "it's\n", "", 0},
		{"typographic single quotes", "\u2018it\u2019\u2019s\u2019", "it\u2019s\n", "", 0},
		{"double quoted variable", `$n = 'W'; "Hi $n!"`, "Hi W!\n", "", 0},
		{"braced variable", `${my var} = 3; "v=${my var}"`, "v=3\n", "", 0},
		{"scope variable", `$script:s = 'S'; $global:g = 'G'; "$script:s$global:g"`, "SG\n", "", 0},
		{"env variable", `"on $env:COMPUTERNAME"`, "on NODE1\n", "", 0},
		{"subexpression", `"sum=$(1+2) list=$(1,2)"`, "sum=3 list=1 2\n", "", 0},
		{"member access is not expanded", `$o = @{a=1}; "$o.a"`, "System.Collections.Hashtable.a\n", "", 0},
		{"backtick escapes", "\"a`tb`nc`$d`\"\"", "a\tb\nc$d\"\n", "", 0},
		{"doubled double quote", `"q""q"`, "q\"q\n", "", 0},
		{"single here-string", "@'\nline $x\n  two\n'@", "line $x\n  two\n", "", 0},
		{"double here-string", "$x = 5\n@\"\nval=$x\n\"@", "val=5\n", "", 0},
		{"comments", "# line\n'a' <# block\n #> ; 'b' # end", "a\nb\n", "", 0},
		{"line continuation", "Write-Output `\n  'continued'", "continued\n", "", 0},
		{"unterminated string", "'abc", "", "The string is missing the terminator: '.", 1},
		{"unterminated double", "\"abc", "", "The string is missing the terminator: \".", 1},
	})
}

func TestVariables(t *testing.T) {
	runCases(t, []scriptCase{
		{"case-insensitive", `$Abc = 1; $aBC`, "1\n", "", 0},
		{"constants", `$null; $true; $false`, "True\nFalse\n", "", 0},
		{"unset is null", `$nothing -eq $null`, "True\n", "", 0},
		{"dollar question", `'x' | Out-Null; $?; Get-Thing soft 2>$null; $?`, "True\nFalse\n", "", 0},
		{"args", `function f { $args.Count; $args[1] }; f a b c`, "3\nb\n", "", 0},
		{"input", `function f { $input | ForEach-Object { $_ * 10 } }; 1,2 | f`, "10\n20\n", "", 0},
		{"psitem", `1,2 | ForEach-Object { $PSItem + 1 }`, "2\n3\n", "", 0},
		{"preferences", `$ErrorActionPreference; $ProgressPreference`, "Continue\nContinue\n", "", 0},
		{"lastexitcode unset", `$LASTEXITCODE -eq $null`, "True\n", "", 0},
		{"psversiontable", `$PSVersionTable.PSVersion.Major; $PSVersionTable.PSVersion.ToString(); $PSVersionTable.PSEdition`, "5\n5.1.17763.1432\nDesktop\n", "", 0},
		{"type constraint sticks", `[int]$n = '5'; $n = '7'; $n.GetType().Name`, "Int32\n", "", 0},
		{"multiple assignment", `$a, $b = 1, 2, 3; $a; $b -join ','`, "1\n2,3\n", "", 0},
		{"compound assignment", `$a = 1; $a += 2; $a -= 1; $a *= 5; $a /= 2; $a %= 3; $a`, "2\n", "", 0},
		{"increment", `$i = 1; $i++; ++$i; $i`, "3\n", "", 0},
	})
}

func TestArraysAndHashtables(t *testing.T) {
	runCases(t, []scriptCase{
		{"array literal count", `$a = 1,2,3; $a.Count`, "3\n", "", 0},
		{"array subexpression wraps", `$a = @(1); $a.Count; @().Count; @(@(1,2)).Count`, "1\n0\n2\n", "", 0},
		{"single result not wrapped", `function one { 1 }; (one).GetType().Name; @(one).GetType().Name`, "Int32\nObject[]\n", "", 0},
		{"unary comma", `$a = ,1; $a.Count; (,(1,2)).Count`, "1\n1\n", "", 0},
		{"range", `1..3 -join ','; 3..1 -join ','`, "1,2,3\n3,2,1\n", "", 0},
		{"indexing", `$a = 10,20,30; $a[0]; $a[-1]; $a[5] -eq $null; $a[0,2] -join ','; $a[1..2] -join ','`, "10\n30\nTrue\n10,30\n20,30\n", "", 0},
		{"count on scalars 5.1", `(5).Count; 'abc'.Count; $null.Count`, "1\n1\n0\n", "", 0},
		{"length", `'abc'.Length; (1,2).Length`, "3\n2\n", "", 0},
		{"array append", `$a = @(); $a += 1; $a += 2,3; $a.Count`, "3\n", "", 0},
		{"member enumeration", `$o = [pscustomobject]@{n='a'},[pscustomobject]@{n='b'}; $o.n -join ','`, "a,b\n", "", 0},
		{"method enumeration", `('a','b').ToUpper() -join ','`, "A,B\n", "", 0},
		{"hashtable keys case-insensitive", `$h = @{Name='x'}; $h.name; $h['NAME']; $h.ContainsKey('nAmE')`, "x\nx\nTrue\n", "", 0},
		{"hashtable methods", `$h = @{}; $h.Add('a', 1); $h['b'] = 2; $h.c = 3; $h.Remove('a'); $h.Count; ($h.Keys | Sort-Object) -join ','; $h.Values.Count`, "2\nb,c\n2\n", "", 0},
		{"hashtable add duplicate", `$h = @{a=1}; $h.Add('A', 2)`, "", `Exception calling "Add" with "2" argument(s): "Item has already been added. Key in dictionary: 'A'  Key being added: 'A'"`, 1},
		{"ordered", `$o = [ordered]@{z=1; a=2}; $o.Keys -join ','`, "z,a\n", "", 0},
		{"pscustomobject", `$p = [pscustomobject]@{b=1; a=2}; $p.b + $p.a; "$p"`, "3\n@{b=1; a=2}\n", "", 0},
		{"duplicate key", `@{a=1; A=2}`, "", "Duplicate keys 'A' are not allowed in hash literals.", 1},
		{"null index", `$n = $null; $n[0]`, "", "Cannot index into a null array.", 1},
	})
}

func TestOperators(t *testing.T) {
	runCases(t, []scriptCase{
		{"arithmetic", `1 + 2 * 3; (1 + 2) * 3; 7 / 2; 6 / 2; 7 % 3; -5 + 2`, "7\n9\n3.5\n3\n1\n-3\n", "", 0},
		{"overflow widens", `[int]::MaxValue + 1; ([int]::MaxValue + 1).GetType().Name`, "2147483648\nDouble\n", "", 0},
		{"float formatting", `0.1 + 0.2; 1.5 * 2; 1e20`, "0.3\n3\n1E+20\n", "", 0},
		{"string arithmetic by left operand", `'a' + 1; 1 + '2'; 'ab' * 2`, "a1\n3\nabab\n", "", 0},
		{"divide by zero", `1/0`, "", "Attempted to divide by zero.", 1},
		{"comparison case-insensitive", `'a' -eq 'A'; 'a' -ceq 'A'; 'a' -ieq 'A'; 'B' -cne 'b'`, "True\nFalse\nTrue\nTrue\n", "", 0},
		{"left operand type converts right", `'10' -eq 10; 10 -eq '10'; '1.0' -eq 1; 1 -eq '1.0'; '2' -gt 10`, "True\nTrue\nFalse\nTrue\nTrue\n", "", 0},
		{"null on the left", `$null -eq @(1,$null); (@(1,$null,2) -eq $null).Count`, "False\n1\n", "", 0},
		{"eq on array filters", `(1,2,3,2 -eq 2) -join ','; (1,2,3 -gt 1) -join ','`, "2,2\n2,3\n", "", 0},
		{"ordering", `2 -lt 10; 'b' -gt 'a'; 5 -ge 5; 4 -le 3`, "True\nTrue\nTrue\nFalse\n", "", 0},
		{"like", `'abc' -like 'A*'; 'abc' -clike 'A*'; 'abc' -notlike '*d'; 'a1' -like 'a?'; 'b' -like '[a-c]'`, "True\nFalse\nTrue\nTrue\nTrue\n", "", 0},
		{"match sets Matches", `'key=val' -match '^(\w+)=(?<v>\w+)$'; $Matches[1]; $Matches.v; 'x' -notmatch 'y'`, "True\nkey\nval\nTrue\n", "", 0},
		{"replace", `'a-b-c' -replace '-', '+'; 'Hello' -replace 'l'; 'ab' -replace '(a)(b)', '$2$1'; 'A' -creplace 'a', 'x'`, "a+b+c\nHeo\nba\nA\n", "", 0},
		{"contains in", `1,2,3 -contains 2; 'A' -in 'a','b'; 5 -notin 1,2; 1,2 -notcontains 3; 'a','b' -ccontains 'A'`, "True\nTrue\nTrue\nTrue\nFalse\n", "", 0},
		{"join split", `(1,2,3) -join '+'; ('a,b,,c' -split ',').Count; -split ' x  y '; -join ('p','q'); ('a1b2' -split '\d') -join '|'`, "1+2+3\n4\nx\ny\npq\na|b|\n", "", 0},
		{"is isnot as", `5 -is [int]; 5 -isnot [string]; '5' -as [int]; ('x' -as [int]) -eq $null; $null -is [object]`, "True\nTrue\n5\nTrue\nFalse\n", "", 0},
		{"logical", `$true -and $false; $true -or $false; -not $true; !$false; $true -xor $true; -not 0`, "False\nTrue\nFalse\nTrue\nFalse\nTrue\n", "", 0},
		{"not binds tight", `-not 1 -eq 2`, "False\n", "", 0},
		{"format", `'{0:D3}|{1}|{0}' -f 7, 'x'; '{0,5}|{1,-3}|' -f 'ab', 'c'; '{0:N2}' -f 1234.5`, "007|x|7\n   ab|c  |\n1,234.50\n", "", 0},
		{"bitwise", `5 -band 3; 5 -bor 3; 5 -bxor 3; 1 -shl 4`, "1\n7\n6\n16\n", "", 0},
	})
}

func TestCasts(t *testing.T) {
	runCases(t, []scriptCase{
		{"scalars", `[int]'42' + 1; [string]42; [long]5; [double]'1.5'; [bool]'false'; [bool]0`, "43\n42\n5\n1.5\nTrue\nFalse\n", "", 0},
		{"bankers rounding", `[int]2.5; [int]3.5; [int]-2.5`, "2\n4\n-2\n", "", 0},
		{"arrays", `([array]1).GetType().FullName; ([object[]](1,2)).Count; ([string[]](1,2))[0].GetType().Name`, "System.Object[]\n2\nString\n", "", 0},
		{"hashtable and pscustomobject", `([hashtable]@{a=1}).a; ([pscustomobject]@{z=1}).z; ([pscustomobject]@{z=1}).GetType().FullName`, "1\n1\nSystem.Management.Automation.PSCustomObject\n", "", 0},
		{"scriptblock and void", `$sb = [scriptblock]::Create('2*3'); & $sb; [void](1+1); 'v'`, "6\nv\n", "", 0},
		{"string of array uses spaces", `[string](1,2,3)`, "1 2 3\n", "", 0},
		{"bad int", `[int]'abc'`, "", `Cannot convert value "abc" to type "System.Int32". Error: "Input string was not in a correct format."`, 1},
		{"unknown type", `[Foo.Bar]'x'`, "", "Unable to find type [Foo.Bar].", 1},
	})
}

func TestStaticMembers(t *testing.T) {
	runCases(t, []scriptCase{
		{"base64 utf8", `$b = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('hé')); $b; [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b))`, "aMOp\nhé\n", "", 0},
		{"unicode", `[Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes('A')); [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('QQA='))`, "QQA=\nA\n", "", 0},
		{"bad base64", `[Convert]::FromBase64String('***')`, "", `Exception calling "FromBase64String" with "1" argument(s): "The input is not a valid Base-64 string`, 1},
		{"string statics", `[string]::IsNullOrEmpty(''); [string]::IsNullOrWhiteSpace(' '); [string]::Join('-', @('a','b')); [string]::Empty -eq ''`, "True\nTrue\na-b\nTrue\n", "", 0},
		{"environment and int", `[Environment]::MachineName; [int]::MaxValue; [int]::MinValue`, "NODE1\n2147483647\n-2147483648\n", "", 0},
		{"console out", `[Console]::Out.Write('a'); [Console]::Out.WriteLine('b'); [Console]::Out.Flush(); [Console]::WriteLine('c')`, "ab\nc\n", "", 0},
		{"unknown method", `'abc'.Nope()`, "", "Method invocation failed because [System.String] does not contain a method named 'Nope'.", 1},
		{"null method", `$n = $null; $n.Foo()`, "", "You cannot call a method on a null-valued expression.", 1},
	})
}

func TestStringMethods(t *testing.T) {
	runCases(t, []scriptCase{
		{"case", `'Ab'.ToUpper(); 'Ab'.ToLower()`, "AB\nab\n", "", 0},
		{"trim", `'[' + '  x '.Trim() + ']'; 'xxaxx'.TrimStart('x'); 'xxaxx'.TrimEnd('x')`, "[x]\naxx\nxxa\n", "", 0},
		{"tests", `'Hello'.StartsWith('He'); 'Hello'.EndsWith('lo'); 'Hello'.Contains('ell'); 'a'.Equals('a')`, "True\nTrue\nTrue\nTrue\n", "", 0},
		{"edit", `'Hello'.Replace('l', 'L'); 'Hello'.Substring(1, 2); 'Hello'.Substring(3); 'Hello'.IndexOf('l'); '7'.PadLeft(3, '0')`, "HeLLo\nel\nlo\n2\n007\n", "", 0},
		{"split", `('a,b;c'.Split(',;')).Count; 'a b'.Split(' ')[1]`, "3\nb\n", "", 0},
		{"tostring", `(5).ToString(); (5).ToString('D2'); 'x'.ToString()`, "5\n05\nx\n", "", 0},
		{"substring out of range", `'abc'.Substring(5)`, "", `Exception calling "Substring" with "1" argument(s)`, 1},
	})
}

func TestControlFlow(t *testing.T) {
	runCases(t, []scriptCase{
		{"if elseif else", `foreach ($x in 10, 3, 0) { if ($x -gt 5) { 'big' } elseif ($x -gt 2) { 'mid' } else { 'small' } }`, "big\nmid\nsmall\n", "", 0},
		{"else on next line", "if ($false) { 'a' }\nelse { 'b' }", "b\n", "", 0},
		{"switch", `switch (2) { 1 { 'one' } 2 { 'two' } default { 'other' } }; switch ('ABC') { 'abc' { 'ci' } }; switch (9) { 1 { 'x' } default { 'def' } }`, "two\nci\ndef\n", "", 0},
		{"switch array and break", `switch (1, 2, 3) { 2 { 'two'; break } default { "d$_" } }`, "d1\ntwo\n", "", 0},
		{"switch wildcard and scriptblock", `switch -Wildcard ('abc') { 'a*' { 'wild' } }; switch (5) { { $_ -gt 3 } { 'gt3' } }`, "wild\ngt3\n", "", 0},
		{"foreach", `foreach ($i in 1..3) { $i * 2 }`, "2\n4\n6\n", "", 0},
		{"foreach over null does nothing", `foreach ($i in $null) { 'never' }; 'done'`, "done\n", "", 0},
		{"for", `for ($i = 0; $i -lt 3; $i++) { $i }`, "0\n1\n2\n", "", 0},
		{"while break", `$i = 0; while ($true) { $i++; if ($i -ge 3) { break } }; $i`, "3\n", "", 0},
		{"do while and until", `$i = 0; do { $i++ } while ($i -lt 3); $i; do { $i-- } until ($i -le 0); $i`, "3\n0\n", "", 0},
		{"continue", `foreach ($i in 1..4) { if ($i % 2) { continue }; $i }`, "2\n4\n", "", 0},
		{"labeled break", ":outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { break outer }; \"$a$b\" } }", "11\n", "", 0},
		{"return in scriptblock", `$sb = { param($v) if ($v) { return 'early' }; 'late' }; & $sb 1; & $sb 0`, "early\nlate\n", "", 0},
		{"return keeps earlier output", `function f { 'a'; return 'b'; 'c' }; (f) -join ','`, "a,b\n", "", 0},
		{"exit code", "'before'\nexit 7\n'after'", "before\n", "", 7},
		{"exit inside function", `function f { exit 5 }; f; 'no'`, "", "", 5},
		{"return at top level ends the script", `try { throw 'x' } catch { 'handled'; return }; 'unreached'`, "handled\n", "", 0},
	})
}

func TestFunctionsAndScriptBlocks(t *testing.T) {
	runCases(t, []scriptCase{
		{"positional and named", `function f($a, $b) { "$a-$b" }; f 1 2; f -b 1 -a 2; f -B 3 4`, "1-2\n2-1\n4-3\n", "", 0},
		{"param block with types and defaults", `function g { param([string]$Name, [int]$N = 3, [switch]$Loud) "$Name $N $Loud" }; g a; g b 5 -Loud; g c -Loud:$false`, "a 3 False\nb 5 True\nc 3 False\n", "", 0},
		{"mandatory missing", `function g { param([Parameter(Mandatory)][string]$Name) $Name }; g`, "", "Cannot process command because of one or more missing mandatory parameters: Name.", 1},
		{"mandatory given", `function g { param([Parameter(Mandatory=$true)][string]$Name) $Name }; g -Name x`, "x\n", "", 0},
		{"mandatory refuses empty", `function g { param([Parameter(Mandatory)][string]$Name) $Name }; g ''`, "", "g : Cannot bind argument to parameter 'Name' because it is an empty string.", 1},
		{"prefix parameter", `function g { param($Computer) $Computer }; g -Comp x`, "x\n", "", 0},
		{"unknown parameter", `function g { param($A) }; g -Zzz 1`, "", "A parameter cannot be found that matches parameter name 'Zzz'.", 1},
		{"type constraint failure", `function g { param([int]$N) $N }; g abc`, "", "Cannot process argument transformation on parameter 'N'.", 1},
		{"splat hashtable and array", `function g($Name, $N) { "$Name-$N" }; $h = @{Name='n'; N=7}; g @h; $a = 'p','q'; g @a`, "n-7\np-q\n", "", 0},
		{"splat to cmdlet", `$p = @{InputObject = 'x'}; Write-Output @p`, "x\n", "", 0},
		{"call operator with scriptblock", `& { param($p) "got $p" } -p 9`, "got 9\n", "", 0},
		{"dot sourcing shares scope", `. { $d = 'yes' }; $d; & { $e = 'no' }; $e -eq $null`, "yes\nTrue\n", "", 0},
		{"scriptblock create with params", `& ([scriptblock]::Create('param($InputB64, $Nonce) "n=$Nonce in=$InputB64"')) -InputB64 'QUJD' -Nonce 'n1'`, "n=n1 in=QUJD\n", "", 0},
		{"pipeline function with process", `function d { process { $_ * 2 } }; 1..3 | d`, "2\n4\n6\n", "", 0},
		{"valuefrompipeline param", `function d { param([Parameter(ValueFromPipeline)]$X) process { "[$X]" } }; 'a','b' | d`, "[a]\n[b]\n", "", 0},
		{"begin process end", `function d { begin { 'B' } process { $_ } end { 'E' } }; 1,2 | d`, "B\n1\n2\nE\n", "", 0},
		{"filter", `filter dbl { $_ * 2 }; 1,2 | dbl`, "2\n4\n", "", 0},
		{"scriptblock invoke", `$sb = { $args[0] + 1 }; $sb.Invoke(1)`, "2\n", "", 0},
		{"recursion depth", `function r { r }; r`, "", "The script failed due to call depth overflow.", 1},
	})
}

func TestPipelineSemantics(t *testing.T) {
	runCases(t, []scriptCase{
		{"arrays unroll", `1,2,3 | Measure-Object | Select-Object -ExpandProperty Count`, "3\n", "", 0},
		{"single object stays single", `@{a=1} | Measure-Object | Select-Object -ExpandProperty Count`, "1\n", "", 0},
		{"null is sent", `$null | ForEach-Object { 'got one' }`, "got one\n", "", 0},
		{"empty array sends nothing", `@() | ForEach-Object { 'never' }; 'done'`, "done\n", "", 0},
		{"command output not sent when nothing", `function nothing { }; nothing | ForEach-Object { 'never' }; 'done'`, "done\n", "", 0},
		{"write-output enumerates", `Write-Output 1,2 | Measure-Object | Select-Object -ExpandProperty Count; Write-Output -NoEnumerate 1,2 | Measure-Object | Select-Object -ExpandProperty Count`, "2\n1\n", "", 0},
		{"foreach-object scope", `1..3 | ForEach-Object { $last = $_ }; $last`, "3\n", "", 0},
		{"aliases", `1..4 | ? { $_ -gt 2 } | % { $_ * 10 }`, "30\n40\n", "", 0},
		{"out-null and void", `'x' | Out-Null; $null = 'y'; [void]'z'; 'end'`, "end\n", "", 0},
		{"redirect errors to output", `Write-Error 'oops' 2>&1 | ForEach-Object { "caught: $_" }`, "caught: oops\n", "", 1},
		{"redirect errors to null", `Write-Error 'silent' 2>$null; 'end'`, "end\n", "", 0},
		{"redirect output to null", `'x' > $null; 'y'`, "y\n", "", 0},
	})
}

func TestErrorHandling(t *testing.T) {
	runCases(t, []scriptCase{
		{"throw string", `throw 'boom'`, "", "boom\nAt line:1 char:1\n+ throw 'boom'\n+ ~~~~~~~~~~~~\n    + CategoryInfo          : OperationStopped: (boom:String) [], RuntimeException\n    + FullyQualifiedErrorId : boom\n \n", 1},
		{"throw stops the script", "throw 'x'\n'after'", "", "x", 1},
		{"throw object", `try { throw [pscustomobject]@{code=5} } catch { $_.TargetObject.code }`, "5\n", "", 0},
		{"catch record", `try { throw 'm' } catch { $_.Exception.Message; $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.Exception.GetType().FullName; "$_" }`, "m\nm\nOperationStopped\nSystem.Management.Automation.RuntimeException\nm\n", "", 0},
		{"typed catch", `try { [int]'x' } catch [System.DivideByZeroException] { 'wrong' } catch [System.Management.Automation.RuntimeException] { 'runtime' }`, "runtime\n", "", 0},
		{"finally runs", `try { 'body' } finally { 'fin' }; try { throw 'e' } catch { 'c' } finally { 'f' }`, "body\nfin\nc\nf\n", "", 0},
		{"rethrow", `try { try { throw 'inner' } catch { throw } } catch { "outer: $($_.Exception.Message)" }`, "outer: ScriptHalted\n", "", 0},
		{"throw exception keeps its type", `try { try { [int]'x' } catch { throw $_.Exception } } catch { $_.Exception.GetType().FullName; $_.Exception.Message }`, "System.Management.Automation.RuntimeException\nCannot convert value \"x\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"\n", "", 0},
		{"unknown catch type", `try { throw 'x' } catch [NoSuchException] { 'no' }`, "", "Unable to find type [NoSuchException].", 1},
		{"rethrow record", `try { try { throw 'inner' } catch { throw $_ } } catch { "outer: $_" }`, "outer: inner\n", "", 0},
		{"non-terminating continues", "Write-Error 'first'\n'went on'", "went on\n", "first", 0},
		{"last statement failing sets exit code", `'a'; Write-Error 'last'`, "a\n", "last", 1},
		{"erroraction silentlycontinue", `Write-Error 'x' -ErrorAction SilentlyContinue; 'on'; $Error.Count; $Error[0].Exception.Message`, "on\n1\nx\n", "", 0},
		{"erroraction ignore", `Write-Error 'x' -ErrorAction Ignore; $Error.Count`, "0\n", "", 0},
		{"erroraction stop is catchable", `try { Write-Error 'x' -ErrorAction Stop; 'no' } catch { "caught $_" }`, "caught x\n", "", 0},
		{"preference stop", "$ErrorActionPreference = 'Stop'\nWrite-Error 'stop it'\n'not reached'", "", "stop it", 1},
		{"preference stop makes statement errors fatal", "$ErrorActionPreference = 'Stop'\n1/0\n'not reached'", "", "Attempted to divide by zero.", 1},
		{"statement-terminating error continues the script", "1/0\n'next'", "next\n", "Attempted to divide by zero.", 0},
		{"silentlycontinue preference hides statement errors", "$ErrorActionPreference = 'SilentlyContinue'\n1/0\n'next'", "next\n", "", 0},
		{"cmdlet terminating error caught", `try { Get-Thing bad } catch { $_.FullyQualifiedErrorId; $_.Exception.GetType().FullName }`, "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand\nSystem.Management.Automation.ItemNotFoundException\n", "", 0},
		{"cmdlet non-terminating with stop", `try { Get-Thing soft -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] { 'typed ' + $_.CategoryInfo.Category }`, "typed ObjectNotFound\n", "", 0},
		{"command not found", `Get-Nothing`, "", "Get-Nothing : The term 'Get-Nothing' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\nAt line:1 char:1\n+ Get-Nothing\n+ ~~~~~~~~~~~\n    + CategoryInfo          : ObjectNotFound: (Get-Nothing:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException\n \n", 1},
		{"write-error in a function", "function f { Write-Error 'in f' }\nf", "", "f : in f\nAt line:2 char:1\n+ f\n+ ~\n    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException\n    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException\n \n", 1},
		{"write-error at top level names the script", `Write-Error 'top'`, "", "Write-Error 'top' : top\n    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException\n", 1},
		{"long line is cut to 69 characters", `$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1; Get-Nothing; $bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb = 2`, "", "At line:1 char:67\n+ ... aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1; Get-Nothing; $bbbbb ...\n+                                                       ~~~~~~~~~~~\n", 0},
		{"warning", `Write-Warning 'careful'; Write-Warning 'hidden' -WarningAction SilentlyContinue`, "WARNING: careful\n", "", 0},
		{"verbose", `Write-Verbose 'hidden'; Write-Verbose 'shown' -Verbose`, "VERBOSE: shown\n", "", 0},
		{"host", `Write-Host 'a' 'b' -NoNewline; Write-Host '!'; Write-Host 1,2 -Separator '+'`, "a b!\n1+2\n", "", 0},
		{"strict mode", `Set-StrictMode -Version Latest; $undefinedVar`, "", "The variable '$undefinedVar' cannot be retrieved because it has not been set.", 1},
	})
}

func TestParseErrors(t *testing.T) {
	runCases(t, []scriptCase{
		{"missing closing brace", "if ($true) {", "", "At line:1 char:12\n+ if ($true) {\n+            ~\nMissing closing '}' in statement block or type definition.\n    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n    + FullyQualifiedErrorId : MissingEndCurlyBrace\n \n", 1},
		{"unexpected token", "'a' 'b'", "", "Unexpected token ''b'' in expression or statement.", 1},
		{"missing paren", "(1 + 2", "", "Missing closing ')' in expression.", 1},
		{"missing operand", "1 +", "", "You must provide a value expression following the '+' operator.", 1},
		{"empty pipe element", "'a' | | Out-Null", "", "An empty pipe element is not allowed.", 1},
		{"and and", "'a' && 'b'", "", "The token '&&' is not a valid statement separator in this version.", 1},
		{"try without catch", "try { }", "", "The Try statement is missing its Catch or Finally block.", 1},
		{"if without paren", "if $x { }", "", "Missing '(' after 'if' in if statement.", 1},
		{"nothing runs after a parse error", "'first'\n'a' 'b'", "", "Unexpected token", 1},
		{"outside the subset", "class Foo { }", "", "outside the simulated PowerShell subset", 1},
		{"too complex", "$x = " + strings.Repeat("(", 400) + "1" + strings.Repeat(")", 400), "", "Processing was stopped because the script is too complex.", 1},
		{"foreach without in", "foreach ($a $b) { }", "", "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}", 1},
		{"unterminated comment", "'a' <# x", "", "The terminator '#>' is missing from the multiline comment.", 1},
	})
}
