// Package recording is the file format of a recorded WinRM conversation: one JSON object per
// line, each a request the client posted and the answer it got, decrypted (the SOAP
// envelopes as they were before NTLM sealing and after unsealing), with the time and the
// action. It holds no HTTP headers, so no Authorization header and no NTLM, Negotiate or
// Kerberos token; the writer also blanks the password wherever it appears, plain, base64 or
// UTF-16, inside the envelopes or inside their base64 stream contents.
package recording

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
)

// EnvVar names the file the provider records to when set.
const EnvVar = "EXCHANGE_WINRM_RECORD"

// Redacted replaces a secret in a recording.
const Redacted = "[REDACTED]"

// Exchange is one request and its answer.
type Exchange struct {
	Time time.Time `json:"time"`
	// Host is the WinRM endpoint (host:port) the request went to.
	Host string `json:"host"`
	// Action is the last segment of the WS-Addressing action: Create, Command, Send,
	// Receive, Signal, Delete (or Enumerate, Pull, ... for other transports).
	Action     string `json:"action"`
	DurationMS int64  `json:"duration_ms"`
	Request    string `json:"request"`
	// Response is the answer's SOAP envelope (a fault's too); empty when there was none.
	Response string `json:"response,omitempty"`
	// Fault is true when Response is a SOAP fault (HTTP 500).
	Fault bool `json:"fault,omitempty"`
	// Error is the failure when no SOAP answer came (connection, TLS, HTTP status).
	Error string `json:"error,omitempty"`
}

// Writer appends exchanges to a file, one line each, safe for concurrent use. Several
// clients of one process share one Writer per path (Open).
type Writer struct {
	mu      sync.Mutex
	f       *os.File
	secrets []string
}

var (
	openMu  sync.Mutex
	writers = map[string]*Writer{}
)

// Open returns the Writer of path, creating or appending to the file (mode 0600: it holds
// what the cluster answered). secret is blanked in every exchange written through the
// returned Writer; Writers of one path share the file and each secret given.
func Open(path, secret string) (*Writer, error) {
	openMu.Lock()
	defer openMu.Unlock()
	w := writers[path]
	if w == nil {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("cannot open the WinRM recording file (%s): %w", EnvVar, err)
		}
		w = &Writer{f: f}
		writers[path] = w
	}
	w.mu.Lock()
	if secret != "" {
		w.secrets = append(w.secrets, secretForms(secret)...)
	}
	w.mu.Unlock()
	return w, nil
}

// Write appends one exchange, its secrets blanked. A failed write is returned, never fatal
// to the caller's request.
func (w *Writer) Write(e Exchange) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	e.Request = redact(e.Request, w.secrets)
	e.Response = redact(e.Response, w.secrets)
	e.Error = redact(e.Error, w.secrets)
	// One line per exchange, written at once; markup left as is so the file reads as XML.
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return err
	}
	_, err := w.f.Write(line.Bytes())
	return err
}

// secretForms are the spellings of a secret to blank: as is, XML-escaped, JSON-escaped, base64 of its
// UTF-8 and of its UTF-16LE (PowerShell's -EncodedCommand and SecureString habits).
func secretForms(secret string) []string {
	var esc strings.Builder
	for _, r := range secret {
		switch r {
		case '&':
			esc.WriteString("&amp;")
		case '<':
			esc.WriteString("&lt;")
		case '>':
			esc.WriteString("&gt;")
		case '"':
			esc.WriteString("&#34;")
		case '\'':
			esc.WriteString("&#39;")
		default:
			esc.WriteRune(r)
		}
	}
	js, _ := json.Marshal(secret) // strings always marshal
	forms := []string{secret, esc.String(), strings.Trim(string(js), `"`), base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.StdEncoding.EncodeToString(utf16le(secret))}
	return forms
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return b
}

// reStream is the base64 content of an rsp:Stream (stdin, stdout, stderr).
var reStream = regexp.MustCompile(`(<[A-Za-z0-9]*:?Stream\b[^>]*>)([A-Za-z0-9+/=\s]+)(</)`)

// redact blanks every form of every secret in text, and inside the decoded content of its
// streams (re-encoded afterwards).
func redact(text string, secrets []string) string {
	if text == "" || len(secrets) == 0 {
		return text
	}
	text = replaceAll(text, secrets)
	return reStream.ReplaceAllStringFunc(text, func(m string) string {
		parts := reStream.FindStringSubmatch(m)
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(parts[2]), ""))
		if err != nil {
			return m
		}
		clean := redactTokens(replaceAll(string(raw), secrets), secrets, 2)
		if clean == string(raw) {
			return m
		}
		return parts[1] + base64.StdEncoding.EncodeToString([]byte(clean)) + parts[3]
	})
}

// reToken is a base64 token long enough to hide a secret.
var reToken = regexp.MustCompile(`[A-Za-z0-9+/]{8,}={0,2}`)

// redactTokens blanks secrets inside base64 tokens of text (a script's data travels as base64
// inside the base64 of a stream), to depth levels of nesting.
func redactTokens(text string, secrets []string, depth int) string {
	if depth == 0 {
		return text
	}
	return reToken.ReplaceAllStringFunc(text, func(tok string) string {
		raw, err := base64.StdEncoding.DecodeString(tok)
		if err != nil {
			return tok
		}
		clean := redactTokens(replaceAll(string(raw), secrets), secrets, depth-1)
		if clean == string(raw) {
			return tok
		}
		return base64.StdEncoding.EncodeToString([]byte(clean))
	})
}

func replaceAll(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}

// Read parses a recording.
func Read(r io.Reader) ([]Exchange, error) {
	var out []Exchange
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 256<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var e Exchange
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return nil, fmt.Errorf("recording line %d: %w", n, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// ReadFile reads the recording in the file at path (Read).
func ReadFile(path string) ([]Exchange, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}
