package cmdexe

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// codepageUTF8 is WINRS_CODEPAGE=65001: output passes through as UTF-8.
const codepageUTF8 = 65001

// consoleEncoding is the console code page a shell's processes write in. A WinRM shell's
// console uses WINRS_CODEPAGE (437, the OEM code page of US Windows, when the client did not
// set it; masterzen/winrm sets 65001, pywinrm 437), so text the simulated programs write as
// UTF-8 is re-encoded, and stdin decoded, the way the console would. Characters the code page
// lacks become '?', WideCharToMultiByte's default character.
func consoleEncoding(codepage int) *charmap.Charmap {
	switch codepage {
	case codepageUTF8:
		return nil
	case 850:
		return charmap.CodePage850
	case 1252:
		return charmap.Windows1252
	}
	return charmap.CodePage437 // 437, unset, and code pages that are not simulated
}

// encodedWriter re-encodes UTF-8 writes into the console code page.
type encodedWriter struct {
	w       io.Writer
	cm      *charmap.Charmap
	pending []byte // an incomplete UTF-8 sequence at the end of the last write
}

func newEncodedWriter(w io.Writer, cm *charmap.Charmap) *encodedWriter {
	return &encodedWriter{w: w, cm: cm}
}

func (e *encodedWriter) Write(p []byte) (int, error) {
	in := append(e.pending, p...)
	e.pending = nil
	out := make([]byte, 0, len(in))
	for len(in) > 0 {
		r, size := utf8.DecodeRune(in)
		if r == utf8.RuneError && size <= 1 && !utf8.FullRune(in) {
			e.pending = append([]byte(nil), in...)
			break
		}
		in = in[size:]
		if b, ok := e.cm.EncodeRune(r); ok && r != utf8.RuneError {
			out = append(out, b)
		} else {
			out = append(out, '?')
		}
	}
	if _, err := e.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// flush writes what is left of an incomplete UTF-8 sequence.
func (e *encodedWriter) flush() {
	if len(e.pending) > 0 {
		_, _ = e.w.Write(bytes.Repeat([]byte("?"), 1))
		e.pending = nil
	}
}

func decodedReader(r io.Reader, cm *charmap.Charmap) io.Reader {
	return transform.NewReader(r, cm.NewDecoder())
}
