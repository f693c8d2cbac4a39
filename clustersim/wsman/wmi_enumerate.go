package wsman

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Enumerate, Pull and Release (MS-WSMV 3.1.4.8-3.1.4.10 over WS-Enumeration).
//
// An Enumerate runs the query at once and keeps its answer under a new EnumerationContext;
// each Pull hands out the next items, at most MaxElements (default 1, DSP0226 8.4) and as
// many as fit in the request's MaxEnvelopeSize, and EndOfSequence with the last. With
// w:OptimizeEnumeration the EnumerateResponse itself carries the first items (w:Items,
// w:EndOfSequence, MS-WSMV 3.1.4.8.1). A context ends with its last item or a Release;
// a context that is not known (ended, released, another user's) gets the
// wsen:InvalidEnumerationContext fault.

// wmiEnumerations are the open enumeration contexts of one server.
type wmiEnumerations struct {
	mu   sync.Mutex
	open map[string]*wmiEnumeration
}

type wmiEnumeration struct {
	owner   string
	items   []string // rendered instances not yet pulled
	expires time.Time
}

// enumerations returns the server's table, made on first use.
func (s *Server) enumerations() *wmiEnumerations {
	s.wmiOnce.Do(func() { s.wmiEnums = &wmiEnumerations{open: map[string]*wmiEnumeration{}} })
	return s.wmiEnums
}

// The WMI operations' bodies, by local names in their namespaces (part of xBody).
type xEnumerate struct {
	OptimizeEnumeration *struct{} `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd OptimizeEnumeration"`
	MaxElements         string    `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd MaxElements"`
	Filter              *struct {
		Dialect string `xml:"Dialect,attr"`
		Text    string `xml:",chardata"`
	} `xml:"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd Filter"`
}

type xPull struct {
	EnumerationContext string `xml:"http://schemas.xmlsoap.org/ws/2004/09/enumeration EnumerationContext"`
	MaxElements        string `xml:"http://schemas.xmlsoap.org/ws/2004/09/enumeration MaxElements"`
}

type xRelease struct {
	EnumerationContext string `xml:"http://schemas.xmlsoap.org/ws/2004/09/enumeration EnumerationContext"`
}

// wmiEnumerationExpiry bounds how long an enumeration nobody pulls is kept (see
// unconfirmed.go).
const wmiEnumerationExpiry = wmiEnumerationIdle

func (s *Server) wmiEnumerate(req *request, t wmiTarget, call wmiCall, user string) ([]byte, *Fault) {
	e := req.body.Enumerate
	if e == nil {
		return nil, faultMissingBody()
	}
	namespace, class := t.namespace, t.class
	var where []wqlCondition
	var projection []string
	if e.Filter != nil {
		if !strings.EqualFold(strings.TrimSpace(e.Filter.Dialect), DialectWQL) {
			return nil, faultFilterDialect(e.Filter.Dialect)
		}
		q, err := parseWQL(e.Filter.Text)
		if err != nil {
			return nil, s.wmiFailure(call, err)
		}
		if class != "*" && !strings.EqualFold(class, q.class) {
			return nil, s.wmiFailure(call, &WMIError{HResult: WBEMErrInvalidQuery, Message: msgInvalidQuery})
		}
		class, where, projection = q.class, q.where, q.selected
	} else if class == "*" {
		// MS-WSMV 3.1.4.8: enumerating the "*" URI needs a filter naming the class.
		return nil, faultMissingBody()
	}
	instances, err := s.cfg.WMI.Instances(namespace, class)
	if err != nil {
		return nil, s.wmiFailure(call, err)
	}
	var items []string
	for _, in := range instances {
		ok, err := matchesWQL(in, where)
		if err != nil {
			return nil, s.wmiFailure(call, err)
		}
		if !ok {
			continue
		}
		if in, err = projectWQL(in, projection); err != nil {
			return nil, s.wmiFailure(call, err)
		}
		items = append(items, renderInstance(namespace, in))
	}
	id := newMessageID()
	en := &wmiEnumeration{owner: normalizeUser(user), items: items, expires: time.Now().Add(wmiEnumerationExpiry)}
	var b strings.Builder
	b.WriteString(`<n:EnumerateResponse xmlns:n="` + nsEnumerate + `">`)
	if e.OptimizeEnumeration == nil {
		s.enumerations().put(id, en)
		b.WriteString(`<n:EnumerationContext>` + id + `</n:EnumerationContext></n:EnumerateResponse>`)
		return renderResponse(ActionEnumerate+"Response", req.MessageID, b.String()), nil
	}
	maxElements := parseMaxElements(e.MaxElements)
	batch, done := en.take(maxElements, s.replyRoom(req))
	if !done {
		s.enumerations().put(id, en)
	}
	// A finished enumeration still has an n:EnumerationContext, empty, and no w:Items when
	// there was nothing to return (pypsrp tests/tests_pypsrp/responses/
	// test_psrp_disconnect_runspaces.yml, recorded from Server 2016).
	if done {
		id = ""
	}
	b.WriteString(`<n:EnumerationContext>` + id + `</n:EnumerationContext>`)
	if len(batch) > 0 {
		b.WriteString(`<w:Items>` + strings.Join(batch, "") + `</w:Items>`)
	}
	if done {
		b.WriteString(`<w:EndOfSequence/>`)
	}
	b.WriteString(`</n:EnumerateResponse>`)
	return renderResponse(ActionEnumerate+"Response", req.MessageID, b.String()), nil
}

func (s *Server) wmiPull(req *request, user string) ([]byte, *Fault) {
	p := req.body.Pull
	if p == nil {
		return nil, faultMissingBody()
	}
	id := strings.TrimSpace(p.EnumerationContext)
	batch, done, ok := s.enumerations().pull(id, normalizeUser(user), parseMaxElements(p.MaxElements), s.replyRoom(req))
	if !ok {
		return nil, faultInvalidEnumerationContext()
	}
	var b strings.Builder
	b.WriteString(`<n:PullResponse xmlns:n="` + nsEnumerate + `">`)
	if !done {
		b.WriteString(`<n:EnumerationContext>` + id + `</n:EnumerationContext>`)
	}
	b.WriteString(`<n:Items>` + strings.Join(batch, "") + `</n:Items>`)
	if done {
		b.WriteString(`<n:EndOfSequence/>`)
	}
	b.WriteString(`</n:PullResponse>`)
	return renderResponse(ActionPull+"Response", req.MessageID, b.String()), nil
}

func (s *Server) wmiRelease(req *request, user string) ([]byte, *Fault) {
	r := req.body.Release
	if r == nil {
		return nil, faultMissingBody()
	}
	id := strings.TrimSpace(r.EnumerationContext)
	if s.enumerations().get(id, normalizeUser(user)) == nil {
		return nil, faultInvalidEnumerationContext()
	}
	s.enumerations().remove(id)
	return renderResponse(ActionRelease+"Response", req.MessageID, ""), nil
}

// replyRoom is how many bytes of items fit in one answer: the request's MaxEnvelopeSize
// (the server's MaxEnvelopeSizekb when absent) less room for the envelope around them
// (enumerationOverheadBytes).
func (s *Server) replyRoom(req *request) int {
	limit := s.maxEnvelope()
	if req.MaxEnvelopeSize > 0 && req.MaxEnvelopeSize < limit {
		limit = req.MaxEnvelopeSize
	}
	return max(limit-enumerationOverheadBytes, 1)
}

// parseMaxElements reads MaxElements: 1 when absent or not a positive number (DSP0226
// 8.2.3 and 8.4 default it to 1).
func parseMaxElements(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// take removes and returns the next items, at most n and at most room bytes (always at
// least one item, as WinRM does rather than stall); done says nothing is left.
func (en *wmiEnumeration) take(n, room int) (batch []string, done bool) {
	size := 0
	for len(en.items) > 0 && len(batch) < n {
		next := en.items[0]
		if len(batch) > 0 && size+len(next) > room {
			break
		}
		batch = append(batch, next)
		size += len(next)
		en.items = en.items[1:]
	}
	return batch, len(en.items) == 0
}

func (t *wmiEnumerations) put(id string, en *wmiEnumeration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	for k, v := range t.open {
		if now.After(v.expires) {
			delete(t.open, k)
		}
	}
	t.open[id] = en
}

// get returns the user's open enumeration id, and pushes its expiry back.
func (t *wmiEnumerations) get(id, owner string) *wmiEnumeration {
	t.mu.Lock()
	defer t.mu.Unlock()
	en := t.open[id]
	if en == nil || en.owner != owner || time.Now().After(en.expires) {
		return nil
	}
	en.expires = time.Now().Add(wmiEnumerationExpiry)
	return en
}

// pull hands out the next items of the user's open enumeration id (see take) and ends the
// enumeration with its last item, all under the table's lock: two Pulls of one context in
// flight at once must not hand out the same items, nor one of them a context the other
// ended. ok is false when id is not open for owner.
func (t *wmiEnumerations) pull(id, owner string, n, room int) (batch []string, done, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	en := t.open[id]
	if en == nil || en.owner != owner || time.Now().After(en.expires) {
		return nil, false, false
	}
	en.expires = time.Now().Add(wmiEnumerationExpiry)
	batch, done = en.take(n, room)
	if done {
		delete(t.open, id)
	}
	return batch, done, true
}

func (t *wmiEnumerations) remove(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.open, id)
}

// OpenEnumerations is the number of enumeration contexts the server holds (for tests: a
// client that ends its enumerations leaves none).
func (s *Server) OpenEnumerations() int {
	t := s.enumerations()
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.open)
}
