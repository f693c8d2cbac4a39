package cluster

import (
	"errors"
	"fmt"
)

// Win32 error codes the model returns (winerror.h).
const (
	ErrorFileNotFound         = 2
	ErrorInvalidParameter     = 87
	ErrorAlreadyExists        = 183
	ErrorAccessDenied         = 5
	ErrorResourceNotOnline    = 5004
	ErrorResourceNotFound     = 5007
	ErrorGroupNotFound        = 5013
	ErrorResourceOnline       = 5019
	ErrorClusterNodeNotFound  = 5042
	ErrorClusterNodeDown      = 5050
	ErrorHostNodeNotAvailable = 5005
)

// Error is a failure of a cluster or registry operation: a Win32 error code and the text
// Windows gives for it (or, where that is unconfirmed, the text chosen in unconfirmed.go).
type Error struct {
	Code    int
	Message string
	// Subject names what the operation was about (a resource, a key, a node).
	Subject string
}

func (e *Error) Error() string {
	if e.Subject == "" {
		return e.Message
	}
	return fmt.Sprintf("%s (%s)", e.Message, e.Subject)
}

// Is makes errors.Is(err, &Error{Code: N}) match on the code alone.
func (e *Error) Is(target error) bool {
	var t *Error
	if errors.As(target, &t) {
		return t.Code == e.Code
	}
	return false
}

// Code returns the Win32 code of err, or 0 when it is not an *Error.
func Code(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func newError(code int, subject string) *Error {
	return &Error{Code: code, Message: win32Message(code), Subject: subject}
}
