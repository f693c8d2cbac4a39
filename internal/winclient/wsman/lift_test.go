package wsman

import (
	"errors"
	"testing"
)

// TestLiftMasterzenError: masterzen words an HTTP failure three ways (its plain client, its
// NTLM client, its Kerberos client); each must come back as the status the server sent.
func TestLiftMasterzenError(t *testing.T) {
	cases := []struct {
		name   string
		msg    string
		status int
	}{
		{"plain client", "http error 401: ", 401},
		{"response error", "http response error: 401 - invalid content type", 401},
		{"kerberos client", "request returned: 401 - 401 Unauthorized. Response body:\n", 401},
		{"kerberos client, 500 without fault", "request returned: 500 - 500 Internal Server Error. Response body:\nboom", 500},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := LiftMasterzenError(errors.New(c.msg))
			var se *HTTPStatusError
			if !errors.As(err, &se) || se.Status != c.status {
				t.Fatalf("LiftMasterzenError(%q) = %#v, want status %d", c.msg, err, c.status)
			}
		})
	}
	if err := LiftMasterzenError(errors.New("dial tcp: connection refused")); err == nil || err.Error() != "dial tcp: connection refused" {
		t.Fatalf("an error that is no HTTP status must pass through: %v", err)
	}
}
