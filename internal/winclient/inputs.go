package winclient

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// checkName rejects names that cannot be what the caller means before anything is sent:
// empty or blank (unless allowEmpty, for "the host's own cluster"), or not valid UTF-8 (it
// could not travel byte for byte). Anything else travels as data.
func checkName(op, field, value string, allowEmpty bool) error {
	bad := func(msg string) error {
		return &Error{Kind: KindInvalidArgument, Op: op, Message: field + " " + msg}
	}
	if value == "" {
		if allowEmpty {
			return nil
		}
		return bad("must not be empty")
	}
	if strings.TrimSpace(value) == "" {
		return bad("must not be blank")
	}
	if !utf8.ValidString(value) {
		return bad("is not valid UTF-8")
	}
	return nil
}

// checkKey rejects keys Windows refuses: a checkpoint is a path relative to
// HKEY_LOCAL_MACHINE with no leading backslash (domain.md section 2). The provider
// normalises prefixes such as HKLM\ before calling.
func checkKey(op, key string) error {
	if err := checkName(op, "key", key, false); err != nil {
		return err
	}
	if strings.HasPrefix(key, `\`) {
		return &Error{Kind: KindInvalidArgument, Op: op, Message: `key must be relative to HKEY_LOCAL_MACHINE, without a leading backslash`}
	}
	return nil
}

// equalFoldName compares names as Windows does for resources and registry keys: without
// regard to case.
func equalFoldName(a, b string) bool { return strings.EqualFold(a, b) }

func decodeData(raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return errors.New("the answer carries no data")
	}
	return json.Unmarshal(raw, v)
}
