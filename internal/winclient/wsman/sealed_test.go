package wsman

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
)

// identity "unseals" by returning the sealed bytes, checking the signature is what seal wrote.
type identity struct{}

func (identity) unseal(sig, sealed []byte) ([]byte, error) {
	if !bytes.Equal(sig, []byte("0123456789abcdef")) {
		return nil, fmt.Errorf("signature %q", sig)
	}
	return append([]byte{}, sealed...), nil
}

func sealedBody(msg []byte, announced int, tail string) []byte {
	var b bytes.Buffer
	b.WriteString(encryptedBoundary + "\r\n\tContent-Type: " + protocolSPNEGO + "\r\n")
	fmt.Fprintf(&b, "\tOriginalContent: type=%s;Length=%d\r\n", soapContentType, announced)
	b.WriteString(encryptedBoundary + "\r\n\tContent-Type: application/octet-stream\r\n")
	b.Write(binary.LittleEndian.AppendUint32(nil, 16))
	b.WriteString("0123456789abcdef")
	b.Write(msg)
	b.WriteString(tail)
	return b.Bytes()
}

func TestUnsealBody(t *testing.T) {
	// The sealed bytes may contain the boundary itself: they are cut by length.
	msg := []byte("<s:Envelope>--Encrypted Boundary\r\n</s:Envelope>")
	got, err := unsealBody(sealedBody(msg, len(msg), encryptedBoundary+"--\r\n"), identity{}.unseal)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("unsealBody = %q, %v", got, err)
	}
	if _, err := unsealBody(sealedBody(msg, len(msg)+50, ""), identity{}.unseal); err == nil {
		t.Fatal("a body shorter than announced was accepted")
	}
	if _, err := unsealBody([]byte("garbage"), identity{}.unseal); err == nil {
		t.Fatal("garbage accepted")
	}
}

func FuzzUnsealBody(f *testing.F) {
	f.Add(sealedBody([]byte("<x/>"), 4, encryptedBoundary+"--\r\n"))
	f.Add(sealedBody([]byte("<x/>"), 400, ""))
	f.Add([]byte("OriginalContent: Length=99999999999999999999\r\nContent-Type: application/octet-stream\r\n\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, _ = unsealBody(raw, identity{}.unseal)
	})
}
