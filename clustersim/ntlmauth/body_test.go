package ntlmauth

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/bodgit/ntlmssp"
	ntlmhttp "github.com/bodgit/ntlmssp/http"
)

// masterzenEncrypt frames a message exactly as masterzen/winrm's encryptMessage and
// PrepareEncryptedRequest do (encryption.go of v0.0.0-20240702205601-3fad6e106085).
func masterzenEncrypt(session *ntlmssp.SecuritySession, message []byte) []byte {
	sealed, signature, _ := session.Wrap(message)
	var b bytes.Buffer
	b.WriteString("--Encrypted Boundary\r\n")
	b.WriteString("\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n")
	fmt.Fprintf(&b, "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=%d\r\n", len(message))
	b.WriteString("--Encrypted Boundary\r\n")
	b.WriteString("\tContent-Type: application/octet-stream\r\n")
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(signature)))
	b.Write(signature)
	b.Write(sealed)
	b.WriteString("--Encrypted Boundary--\r\n")
	return b.Bytes()
}

// masterzenDecrypt reads an answer exactly as masterzen/winrm's ParseEncryptedResponse and
// decryptResponse do, so that our framing is proven readable by it.
func masterzenDecrypt(session *ntlmssp.SecuritySession, contentType string, body []byte) ([]byte, error) {
	if !strings.Contains(contentType, `protocol="application/HTTP-SPNEGO-session-encrypted"`) {
		return nil, errors.New("masterzen would not decrypt this Content-Type")
	}
	var parts [][]byte
	for _, p := range bytes.Split(body, []byte("--Encrypted Boundary\r\n")) {
		if len(p) != 0 {
			parts = append(parts, p)
		}
	}
	var message []byte
	for i := 0; i+1 < len(parts); i += 2 {
		header, payload := parts[i], parts[i+1]
		expected, err := strconv.Atoi(string(bytes.TrimSpace(bytes.SplitAfter(header, []byte("Length="))[1])))
		if err != nil {
			return nil, err
		}
		payload = bytes.TrimSuffix(payload, []byte("--Encrypted Boundary--\r\n"))
		data := bytes.ReplaceAll(payload, []byte("\tContent-Type: application/octet-stream\r\n"), nil)
		n := int(binary.LittleEndian.Uint32(data[:4]))
		plain, err := session.Unwrap(data[4+n:], data[4:4+n])
		if err != nil {
			return nil, err
		}
		if len(plain) != expected {
			return nil, errors.New("length mismatch")
		}
		message = append(message, plain...)
	}
	return message, nil
}

// sealedPair authenticates a bodgit client (as masterzen configures it) against a workgroup
// server and returns both ends.
func sealedPair(t *testing.T) (*ntlmssp.Client, *ConnState) {
	client := bodgitClient(t, "", testPassword)
	cs, err := bodgitHandshake(t, workgroupServer(), client, nil)
	if err != nil {
		t.Fatal(err)
	}
	return client, cs
}

func TestBodyMasterzenFraming(t *testing.T) {
	client, cs := sealedPair(t)
	for i, soap := range [][]byte{
		[]byte(`<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"/>`),
		// The boundary inside the sealed data must not confuse us (it does masterzen).
		bytes.Repeat([]byte("--Encrypted Boundary\r\n"), 100),
		bytes.Repeat([]byte{0}, 1<<16),
	} {
		body := masterzenEncrypt(client.SecuritySession(), soap)
		got, err := DecryptBody(cs, EncryptedContentType, body)
		if err != nil || !bytes.Equal(got, soap) {
			t.Fatalf("message %d: request: err=%v equal=%v", i, err, bytes.Equal(got, soap))
		}
		reply := []byte(fmt.Sprintf("<answer n=%d/>", i))
		ct, out, err := EncryptBody(cs, reply)
		if err != nil {
			t.Fatal(err)
		}
		back, err := masterzenDecrypt(client.SecuritySession(), ct, out)
		if err != nil || !bytes.Equal(back, reply) {
			t.Fatalf("message %d: answer: err=%v got %q", i, err, back)
		}
	}
}

// bodgit/ntlmssp/http's own MIME framing (Wrap, Unwrap; not what masterzen/winrm uses) is
// produced by a MIME writer. Its Unwrap must read our answers. Its Wrap writes in Length the
// size of the whole octet-stream part instead of the plain message's size (MS-WSMV, pywinrm and
// masterzen/winrm use the latter), so the test corrects that one number before decrypting.
func TestBodyBodgitMIMEFraming(t *testing.T) {
	client, cs := sealedPair(t)
	soap := []byte("<s:Envelope>\r\n<s:Body/>\r\n</s:Envelope>")
	sealed, sig, _ := client.SecuritySession().Wrap(soap)
	length := binary.LittleEndian.AppendUint32(nil, uint32(len(sig)))
	body, ct, err := ntlmhttp.Wrap(append(append(length, sig...), sealed...), "application/soap+xml;charset=UTF-8")
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.Replace(body, []byte(fmt.Sprintf("Length=%d", 4+len(sig)+len(sealed))), []byte(fmt.Sprintf("Length=%d", len(soap))), 1)
	got, err := DecryptBody(cs, ct, body)
	if err != nil || !bytes.Equal(got, soap) {
		t.Fatalf("request: err=%v got %q", err, got)
	}
	ct, out, err := EncryptBody(cs, []byte("<answer/>"))
	if err != nil {
		t.Fatal(err)
	}
	data, innerType, err := ntlmhttp.Unwrap(out, ct)
	if err != nil {
		t.Fatalf("bodgit cannot read our framing: %v", err)
	}
	if innerType != "application/soap+xml;charset=UTF-8" {
		t.Fatalf("original type %q", innerType)
	}
	n := binary.LittleEndian.Uint32(data)
	back, err := client.SecuritySession().Unwrap(data[4+n:], data[4:4+n])
	if err != nil || string(back) != "<answer/>" {
		t.Fatalf("answer: %q %v", back, err)
	}
}

// pywinrm (encryption.py) ends its bodies with "--Encrypted Boundary\r\n", without "--".
func TestBodyPywinrmEnding(t *testing.T) {
	client, cs := sealedPair(t)
	body := masterzenEncrypt(client.SecuritySession(), []byte("<x/>"))
	body = append(bytes.TrimSuffix(body, []byte("--Encrypted Boundary--\r\n")), "--Encrypted Boundary\r\n"...)
	if got, err := DecryptBody(cs, EncryptedContentType, body); err != nil || string(got) != "<x/>" {
		t.Fatalf("%q %v", got, err)
	}
}

func TestBodyRejects(t *testing.T) {
	// Each case gets its own connection, so that a failure cannot come from sequence numbers
	// left out of step by an earlier case.
	type pair struct {
		client *ntlmssp.Client
		cs     *ConnState
	}
	good := func(p pair) []byte { return masterzenEncrypt(p.client.SecuritySession(), []byte("<s:Envelope/>")) }
	for _, tc := range []struct {
		name        string
		noSession   bool
		contentType string
		body        func(pair) []byte
		wantErr     error
	}{
		{"plain soap content type", false, "application/soap+xml;charset=UTF-8", good, ErrNotEncrypted},
		{"other protocol", false, `multipart/encrypted;protocol="application/HTTP-Kerberos-session-encrypted";boundary="Encrypted Boundary"`, good, ErrNotEncrypted},
		{"connection without session", true, EncryptedContentType, good, ErrNoSession},
		{"tampered data", false, EncryptedContentType, func(p pair) []byte { b := good(p); b[len(b)-30] ^= 1; return b }, ErrBadSignature},
		{"tampered signature", false, EncryptedContentType, func(p pair) []byte {
			b := good(p)
			i := bytes.Index(b, []byte("octet-stream\r\n")) + len("octet-stream\r\n") + 6
			b[i] ^= 1
			return b
		}, ErrBadSignature},
		{"length says more", false, EncryptedContentType, func(p pair) []byte {
			return bytes.Replace(good(p), []byte("Length=13"), []byte("Length=14"), 1)
		}, errBadEncryptedBody},
		{"length says less", false, EncryptedContentType, func(p pair) []byte {
			return bytes.Replace(good(p), []byte("Length=13"), []byte("Length=12"), 1)
		}, errBadEncryptedBody},
		{"truncated", false, EncryptedContentType, func(p pair) []byte { return good(p)[:60] }, errBadEncryptedBody},
		{"empty", false, EncryptedContentType, func(pair) []byte { return nil }, errBadEncryptedBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, cs := sealedPair(t)
			p := pair{client, cs}
			body := tc.body(p)
			if tc.noSession {
				cs = NewConnState()
			}
			if _, err := DecryptBody(cs, tc.contentType, body); !errors.Is(err, tc.wantErr) {
				t.Fatalf("err=%v, want %v", err, tc.wantErr)
			}
		})
	}
	if _, _, err := EncryptBody(NewConnState(), []byte("x")); !errors.Is(err, ErrNoSession) {
		t.Fatalf("EncryptBody without session: %v", err)
	}
}

// TestHTTPMasterzenEncryptionFlow replays masterzen/winrm's NewEncryption("ntlm") Post: a new
// NTLM client per message, an empty authenticating POST, then the encrypted message, with the
// connection kept alive between messages.
func TestHTTPMasterzenEncryptionFlow(t *testing.T) {
	for _, tc := range []struct {
		name     string
		password string
		wantOK   bool
	}{
		{"right password", testPassword, true},
		{"wrong password", "bad", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEchoServer(t, workgroupServer())
			httpClient := e.Client()
			for i := 0; i < 3; i++ {
				ntlmClient := bodgitClient(t, "", tc.password)
				client, err := ntlmhttp.NewClient(httpClient, ntlmClient)
				if err != nil {
					t.Fatal(err)
				}
				req, _ := http.NewRequest("POST", e.URL+"/wsman", nil)
				req.Header.Set("Content-Length", "0")
				req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if !tc.wantOK {
					if resp.StatusCode != http.StatusUnauthorized {
						t.Fatalf("wrong password: status %d", resp.StatusCode)
					}
					return
				}
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("message %d: authenticating POST: %d", i, resp.StatusCode)
				}
				msg := []byte(fmt.Sprintf("<Envelope n=%d/>", i))
				body := masterzenEncrypt(ntlmClient.SecuritySession(), msg)
				req, _ = http.NewRequest("POST", e.URL+"/wsman", bytes.NewReader(body))
				req.Header.Set("Content-Type", EncryptedContentType)
				resp, err = client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				got, err := masterzenDecrypt(ntlmClient.SecuritySession(), resp.Header.Get("Content-Type"), out)
				if err != nil || string(got) != "echo:"+string(msg) {
					t.Fatalf("message %d: %d %q %v", i, resp.StatusCode, got, err)
				}
			}
			if e.handshakes.Load() != 3 || e.encrypted.Load() != 3 {
				t.Fatalf("handshakes=%d encrypted=%d", e.handshakes.Load(), e.encrypted.Load())
			}
		})
	}
}
