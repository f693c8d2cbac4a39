package winclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// WMI over WS-Management on the wire (domain.md section 8; MS-WSMV 3.1.4.8-3.1.4.10 and
// 4.1.4): requests are built as Go values and written by encoding/xml, so every name and
// key travels as escaped XML text and never as markup; answers are read by element local
// names, whatever prefixes the server chose.

const (
	wmiResourcePrefix = "http://schemas.microsoft.com/wbem/wsman/1/wmi/"
	wmiClusterNS      = "root/mscluster"

	actionEnumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"
	actionPull      = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"
	actionRelease   = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"

	nsSoap      = "http://www.w3.org/2003/05/soap-envelope"
	nsAddr      = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
	nsWSMan     = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
	nsEnum      = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
	addrAnonymo = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"

	// wmiMaxElements asks for this many instances per answer; the server sends fewer when
	// MaxEnvelopeSize is reached, and the rest come by Pull.
	wmiMaxElements = 1000
)

// wmiCIMv2NS is the namespace of Windows' own classes (Win32_ComputerSystem).
const wmiCIMv2NS = "root/cimv2"

// wmiClassURI is the resource URI of a class of root\MSCluster.
func wmiClassURI(class string) string { return wmiClassURIIn(wmiClusterNS, class) }

// wmiClassURIIn is the resource URI of a class of namespace ns ("root/cimv2").
func wmiClassURIIn(ns, class string) string { return wmiResourcePrefix + ns + "/" + class }

type xmlEnvelope struct {
	XMLName xml.Name `xml:"s:Envelope"`
	S       string   `xml:"xmlns:s,attr"`
	A       string   `xml:"xmlns:a,attr"`
	W       string   `xml:"xmlns:w,attr"`
	N       string   `xml:"xmlns:n,attr"`
	Header  xmlHeader
	Body    xmlBody
}

type xmlHeader struct {
	XMLName          xml.Name        `xml:"s:Header"`
	To               string          `xml:"a:To"`
	ResourceURI      xmlMustText     `xml:"w:ResourceURI"`
	ReplyTo          string          `xml:"a:ReplyTo>a:Address"`
	Action           xmlMustText     `xml:"a:Action"`
	MaxEnvelopeSize  xmlMustText     `xml:"w:MaxEnvelopeSize"`
	MessageID        string          `xml:"a:MessageID"`
	Locale           xmlLocale       `xml:"w:Locale"`
	OperationTimeout string          `xml:"w:OperationTimeout"`
	Selectors        *xmlSelectorSet `xml:"w:SelectorSet,omitempty"`
}

type xmlMustText struct {
	Must  string `xml:"s:mustUnderstand,attr"`
	Value string `xml:",chardata"`
}

type xmlLocale struct {
	Lang string `xml:"xml:lang,attr"`
	Must string `xml:"s:mustUnderstand,attr"`
}

type xmlSelectorSet struct {
	Selectors []xmlSelector `xml:"w:Selector"`
}

type xmlSelector struct {
	Name  string `xml:"Name,attr"`
	Value string `xml:",chardata"`
}

type xmlBody struct {
	XMLName xml.Name `xml:"s:Body"`
	Content any
}

type xmlEnumerate struct {
	XMLName  xml.Name  `xml:"n:Enumerate"`
	Optimize *struct{} `xml:"w:OptimizeEnumeration"`
	Max      int       `xml:"w:MaxElements"`
}

type xmlPull struct {
	XMLName xml.Name `xml:"n:Pull"`
	Context string   `xml:"n:EnumerationContext"`
	Max     int      `xml:"n:MaxElements"`
}

type xmlRelease struct {
	XMLName xml.Name `xml:"n:Release"`
	Context string   `xml:"n:EnumerationContext"`
}

// xmlMethodInput is <p:Method_INPUT xmlns:p="<class URI>"> with one element per parameter.
type xmlMethodInput struct {
	XMLName xml.Name
	P       string `xml:"xmlns:p,attr"`
	Params  []xmlParam
}

type xmlParam struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

// wmiEnvelope writes one request. selectors and params are data: encoding/xml escapes them.
func (w *wire) wmiEnvelope(action, uri string, selectors []xmlSelector, content any) string {
	h := xmlHeader{
		To:               w.URL(),
		ResourceURI:      xmlMustText{Must: "true", Value: uri},
		ReplyTo:          addrAnonymo,
		Action:           xmlMustText{Must: "true", Value: action},
		MaxEnvelopeSize:  xmlMustText{Must: "true", Value: fmt.Sprint(w.params.EnvelopeSize)},
		MessageID:        "uuid:" + newUUID(),
		Locale:           xmlLocale{Lang: w.params.Locale, Must: "false"},
		OperationTimeout: w.params.Timeout,
	}
	if len(selectors) > 0 {
		h.Selectors = &xmlSelectorSet{Selectors: selectors}
	}
	env := xmlEnvelope{S: nsSoap, A: nsAddr, W: nsWSMan, N: nsEnum, Header: h, Body: xmlBody{Content: content}}
	out, err := xml.Marshal(env)
	if err != nil {
		panic("winclient: cannot marshal a WS-Management request: " + err.Error()) // fixed types: a defect
	}
	return string(out)
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return strings.ToUpper(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:])
}

// wmiInstance is one instance as read from an answer: property name -> values (several for
// an array, none for null).
type wmiInstance struct {
	Class string
	Props map[string][]string
}

func (in wmiInstance) first(name string) string {
	if v := in.Props[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// enumeratePage is what one EnumerateResponse or PullResponse carries.
type enumeratePage struct {
	context   string
	items     []wmiInstance
	endOfSeq  bool
	sawAnswer bool
}

// parseEnumeration reads an EnumerateResponse or PullResponse by local names: the
// EnumerationContext, the instances under Items (each child an instance, each grandchild a
// property: repeated for arrays, xsi:nil or absent for null) and EndOfSequence.
func parseEnumeration(body string) (*enumeratePage, error) {
	dec := xml.NewDecoder(strings.NewReader(body))
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	page := &enumeratePage{}
	var path []string
	var text bytes.Buffer
	var cur *wmiInstance
	var prop string
	var propNil bool
	itemsDepth := -1
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read the enumeration answer: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			depth := len(path)
			switch {
			case t.Name.Local == "EnumerateResponse" || t.Name.Local == "PullResponse":
				page.sawAnswer = true
			case t.Name.Local == "Items" && itemsDepth < 0:
				itemsDepth = depth
			case itemsDepth > 0 && depth == itemsDepth+1:
				cur = &wmiInstance{Class: t.Name.Local, Props: map[string][]string{}}
			case itemsDepth > 0 && depth == itemsDepth+2:
				prop, propNil = t.Name.Local, false
				for _, a := range t.Attr {
					if a.Name.Local == "nil" && strings.EqualFold(strings.TrimSpace(a.Value), "true") {
						propNil = true
					}
				}
			case t.Name.Local == "EndOfSequence":
				page.endOfSeq = true
			}
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			depth := len(path)
			switch {
			case itemsDepth > 0 && depth == itemsDepth+2 && cur != nil:
				if !propNil {
					cur.Props[prop] = append(cur.Props[prop], text.String())
				} else if _, ok := cur.Props[prop]; !ok {
					cur.Props[prop] = nil
				}
			case itemsDepth > 0 && depth == itemsDepth+1 && cur != nil:
				page.items = append(page.items, *cur)
				cur = nil
			case depth == itemsDepth:
				itemsDepth = -1
			case t.Name.Local == "EnumerationContext":
				page.context = strings.TrimSpace(text.String())
			}
			path = path[:len(path)-1]
		}
	}
	if !page.sawAnswer {
		return nil, errors.New("the answer is not an EnumerateResponse or PullResponse")
	}
	return page, nil
}

// enumerate lists every instance of a class of namespace ns (wmiClusterNS, mostly): an
// optimized Enumerate, then Pulls until EndOfSequence. An enumeration given up half way is
// released, so the server does not hold it.
func (w *wire) enumerate(ctx context.Context, ns, class string) ([]wmiInstance, error) {
	uri := wmiClassURIIn(ns, class)
	body, err := w.Post(ctx, "Enumerate", class, w.wmiEnvelope(actionEnumerate, uri, nil,
		xmlEnumerate{Optimize: &struct{}{}, Max: wmiMaxElements}))
	if err != nil {
		return nil, err
	}
	page, err := parseEnumeration(body)
	if err != nil {
		return nil, err
	}
	items := page.items
	for !page.endOfSeq {
		if page.context == "" {
			return nil, errors.New("the enumeration answer has neither EndOfSequence nor an EnumerationContext")
		}
		ctxID := page.context
		body, err = w.Post(ctx, "Pull", class, w.wmiEnvelope(actionPull, uri, nil, xmlPull{Context: ctxID, Max: wmiMaxElements}))
		if err == nil {
			page, err = parseEnumeration(body)
		}
		if err != nil {
			w.release(ctx, uri, class, ctxID)
			return nil, err
		}
		items = append(items, page.items...)
	}
	return items, nil
}

// release ends an enumeration the client gives up, best effort.
func (w *wire) release(ctx context.Context, uri, class, id string) {
	_, _ = w.Post(context.WithoutCancel(ctx), "Release", class, w.wmiEnvelope(actionRelease, uri, nil, xmlRelease{Context: id}))
}

// invoke runs a method of the instance of class whose key property Name is name, with the
// given string parameters.
func (w *wire) invoke(ctx context.Context, class, name, method string, params [][2]string) error {
	uri := wmiClassURI(class)
	in := xmlMethodInput{XMLName: xml.Name{Local: "p:" + method + "_INPUT"}, P: uri}
	for _, p := range params {
		in.Params = append(in.Params, xmlParam{XMLName: xml.Name{Local: "p:" + p[0]}, Value: p[1]})
	}
	_, err := w.Post(ctx, "Invoke", class+"."+method, w.wmiEnvelope(uri+"/"+method, uri,
		[]xmlSelector{{Name: "Name", Value: name}}, in))
	return err
}
