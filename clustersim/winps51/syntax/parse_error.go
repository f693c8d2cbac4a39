package syntax

import "fmt"

// ParseError is one ParserError of a script: PowerShell reports every parse error with its
// extent, its message (ParserStrings.resx) and its error id. Error gives "line:col: message"
// as go/scanner does; the runtime renders the same error the way powershell.exe shows it
// ("At line:L char:C", the line, ~ under the extent), from Pos and End.
type ParseError struct {
	ID       string // e.g. "MissingEndCurlyBrace"
	Message  string // e.g. "Missing closing '}' in statement block or type definition."
	Pos, End int    // rune offsets of the extent in the script
	// Line and Col are the 1-based line and column (in runes) of Pos.
	Line, Col int
	// Incomplete is set when more input could complete the script (an open brace, string,
	// pipe): interactive input then reads another line instead of failing.
	Incomplete bool
}

func (e *ParseError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Message) }

// Parser messages, from PowerShell's ParserStrings.resx.
const (
	msgMissingEndCurlyBrace      = "Missing closing '}' in statement block or type definition."
	msgMissingEndParenthesis     = "Missing closing ')' in expression."
	msgMissingEndParenSubexpr    = "Missing closing ')' in subexpression."
	msgUnexpectedToken           = "Unexpected token '%s' in expression or statement."
	msgTerminatorExpected        = "The string is missing the terminator: %s."
	msgExpectedValueExpression   = "You must provide a value expression following the '%s' operator."
	msgMissingExprAfterUnary     = "Missing expression after unary operator '%s'."
	msgEmptyPipeElement          = "An empty pipe element is not allowed."
	msgMissingOpenParenIf        = "Missing '(' after '%s' in if statement."
	msgIfMissingCondition        = "Missing condition in if statement after '%s ('."
	msgMissingEndParenIf         = "Missing closing ')' after expression in '%s' statement."
	msgMissingStatementBlock     = "Missing statement block after %s ( condition )."
	msgMissingStatementBlockElse = "Missing statement block after 'else' keyword."
	msgMissingTryBlock           = "The Try statement is missing its statement block."
	msgMissingCatchOrFinally     = "The Try statement is missing its Catch or Finally block."
	msgMissingCatchBlock         = "The Catch block is missing its statement block."
	msgMissingFinallyBlock       = "The Finally block is missing its statement block."
	msgMissingEndSquareBracket   = "Missing ] at end of attribute or type literal."
	msgMissingArrayIndexExpr     = "Array index expression is missing or not valid."
	msgMissingEndHashLiteral     = "The hash literal was incomplete."
	msgMissingEqualsInHash       = "Missing '=' operator after key in hash literal."
	msgMissingKeyInHash          = "Missing key before '=' in hash literal."
	msgMissingFunctionName       = "Missing name after %s keyword."
	msgMissingFunctionBody       = "Missing function body in function declaration."
	msgMissingForeachOpenParen   = "Missing opening '(' after keyword 'foreach'."
	msgMissingForeachVariable    = "Missing variable name after foreach.\nThe correct form is: foreach ($a in $b) {...}"
	msgMissingForeachIn          = "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}"
	msgMissingForeachStatement   = "Missing statement body in foreach loop.\nThe correct form is: foreach ($a in $b) {...}"
	msgMissingEndParenMethodCall = "Missing ')' in method call."
	msgInvalidSwitchFlag         = "The parameter %s is not valid for the switch statement."
	msgMissingEndParenForeach    = "Missing closing ')' after expression part of foreach loop.\nThe correct form is: foreach ($a in $b) {...}"
	msgMissingLoopStatement      = "Missing statement body in %s loop."
	msgMissingWhileOrUntil       = "Missing while or until keyword in do loop."
	msgMissingPropertyName       = "Missing property name after reference operator."
	msgMissingSwitchBody         = "Missing '{' in switch statement."
	msgInvalidVariableReference  = "Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name."
	msgAndAndNotSupported        = "The token '&&' is not a valid statement separator in this version."
	msgOrOrNotSupported          = "The token '||' is not a valid statement separator in this version."
	msgMissingExpressionAfterTok = "Missing expression after '%s'."
	msgMissingParamEnd           = "Missing ')' in function parameter list."
	msgRedirectionNotSupported   = "The '%s' operator is reserved for future use."
	msgMissingFileSpecification  = "Missing file specification after redirection operator."
	msgUnexpectedAttribute       = "Unexpected attribute '%s'."
	msgMissingArgument           = "Missing argument in parameter list."
	msgMissingTypename           = "Missing type name after '['."
	msgNestingTooDeep            = "Processing was stopped because the script is too complex."
	msgMissingExpressionInExpr   = "Missing expression after ','."
)

// MsgAssignmentNotValid is the message of an assignment to something that cannot take a
// value ($a + 1 = 2); the evaluator reports it too, for targets only known when it runs.
const MsgAssignmentNotValid = "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property."
