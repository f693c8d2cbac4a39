package wsman

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Get (WS-Transfer Get of one instance named by its key selectors) and Invoke of a method
// (MS-WSMV 4.1.4: Action <resource URI>/<Method>, body <p:Method_INPUT>, answer
// <p:Method_OUTPUT>).

func (s *Server) wmiGet(req *request, t wmiTarget, call wmiCall) ([]byte, *Fault) {
	if t.class == "*" {
		return nil, faultActionNotSupported(req.Action)
	}
	in, f := s.wmiInstance(req, t, call)
	if f != nil {
		return nil, f
	}
	return renderResponse(ActionGet+"Response", req.MessageID, renderInstance(t.namespace, in)), nil
}

// wmiInstance finds the instance the request's selectors name.
func (s *Server) wmiInstance(req *request, t wmiTarget, call wmiCall) (Instance, *Fault) {
	if len(req.Selectors) == 0 {
		return Instance{}, faultWMINoKeys()
	}
	instances, err := s.cfg.WMI.Instances(t.namespace, t.class)
	if err != nil {
		return Instance{}, s.wmiFailure(call, err)
	}
	for _, in := range instances {
		if selectorsMatch(in, req.Selectors) {
			return in, nil
		}
	}
	return Instance{}, s.wmiFailure(call, &WMIError{HResult: WBEMErrNotFound, Message: msgNotFound})
}

// selectorsMatch: every selector names a property of the instance with that value (WMI
// compares string keys without regard to case).
func selectorsMatch(in Instance, sel map[string]string) bool {
	for k, v := range sel {
		got, ok := in.Value(k)
		if !ok || !strings.EqualFold(got, v) {
			return false
		}
	}
	return true
}

func (s *Server) wmiInvoke(req *request, t wmiTarget, call wmiCall, method string) ([]byte, *Fault) {
	if t.class == "*" || method == "" || strings.Contains(method, "/") {
		return nil, faultActionNotSupported(req.Action)
	}
	if len(req.Selectors) == 0 {
		return nil, faultWMINoKeys()
	}
	params, err := decodeMethodInput(req.body.Inner, method)
	if err != nil {
		return nil, faultMissingBody()
	}
	out, err := s.cfg.WMI.Invoke(t.namespace, t.class, method, req.Selectors, params)
	if err != nil {
		return nil, s.wmiFailure(call, err)
	}
	uri := ResourceURIWMI + t.namespace + "/" + t.class
	var b strings.Builder
	b.WriteString(`<p:` + method + `_OUTPUT xmlns:p="` + esc(uri) + `">`)
	for _, p := range out {
		renderProperty(&b, p)
	}
	b.WriteString(`</p:` + method + `_OUTPUT>`)
	return renderResponse(req.Action+"Response", req.MessageID, b.String()), nil
}

var errNoInput = errors.New("no method input element")

// decodeMethodInput reads <p:Method_INPUT> from the body: each child element is a
// parameter (its text; xsi:nil leaves it out). Text is read by encoding/xml, so entities
// and character references are decoded and nothing is interpreted further.
func decodeMethodInput(inner []byte, method string) (map[string]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(inner))
	params := map[string]string{}
	depth := 0
	found := false
	var name string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			depth++
			switch depth {
			case 1:
				if !strings.EqualFold(v.Name.Local, method+"_INPUT") {
					return nil, errNoInput
				}
				found = true
			case 2:
				name = v.Name.Local
				text.Reset()
				for _, a := range v.Attr {
					if a.Name.Local == "nil" && isTrue(a.Value) {
						name = ""
					}
				}
			}
		case xml.CharData:
			if depth == 2 {
				text.Write(v)
			}
		case xml.EndElement:
			if depth == 2 && name != "" {
				params[name] = text.String()
			}
			depth--
		}
	}
	if !found {
		return nil, errNoInput
	}
	return params, nil
}
