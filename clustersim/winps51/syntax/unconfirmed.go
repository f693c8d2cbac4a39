package syntax

// Guesses of the parser: messages not confirmed against a real Windows PowerShell 5.1.
// Each is one named value here so that a capture from a real machine can replace it.

// msgExpressionExpectedAtEnd is the message of a script that ends where an expression must
// follow (ExpectedExpression).
const msgExpressionExpectedAtEnd = "An expression was expected."

// parserFailureText starts the error the parser reports when it fails itself (a bug of
// ours, not a PowerShell error): no Windows message exists for it.
const parserFailureText = "internal error of the simulated PowerShell engine's parser"
