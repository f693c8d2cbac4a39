package replay

import (
	"regexp"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

// The WMI transport's reads are WS-Enumeration exchanges (MS-WSMV 3.1.4.8 to 3.1.4.10): an
// Enumerate of a class, answered with the first items and, when more remain, an
// EnumerationContext that each Pull names; a Release ends an enumeration given up. Unlike a
// shell's stdin, enumerations carry no state from one to the next, so they are matched by
// class, not by order: the n-th live Enumerate of a class gets the n-th recorded
// enumeration of that class (in turn, when the client enumerates it more often than the
// recording did), and its Pulls that enumeration's Pulls, in order. Recorded faults are
// replayed as faults (a node without root\MSCluster answers every Enumerate with one, and
// the client's fallback must meet it again).

// recEnumeration is one recorded enumeration.
type recEnumeration struct {
	enumerate recording.Exchange
	contexts  []string // the EnumerationContext ids it went by, in the order they appeared
	pulls     []recording.Exchange
	release   *recording.Exchange
}

// liveEnumeration is an enumeration under way with a client of the replay.
type liveEnumeration struct {
	id    string
	rec   *recEnumeration
	pulls int
}

var (
	reResourceURI = regexp.MustCompile(`<[A-Za-z0-9]*:?ResourceURI\b[^>]*>([^<]*)</`)
	reEnumContext = regexp.MustCompile(`<[A-Za-z0-9]*:?EnumerationContext\b[^>]*>([^<]*)</`)
	reFilter      = regexp.MustCompile(`<[A-Za-z0-9]*:?Filter\b[^>]*>([^<]*)</`)
)

// enumerationKey is what an Enumerate is matched by: its resource URI and, for a query (all
// queries share the URI .../<namespace>/*), its filter's text.
func enumerationKey(req string) string {
	key := firstMatch(reResourceURI, req)
	if q := firstMatch(reFilter, req); q != "" {
		key += " (query " + q + ")"
	}
	return key
}

// addEnumeration files a recorded Enumerate, Pull or Release; byContext finds the recorded
// enumeration a context id belongs to. It reports whether e was one of them.
func (s *Server) addEnumeration(e recording.Exchange, byContext map[string]*recEnumeration) bool {
	switch e.Action {
	case "Enumerate":
		uri := enumerationKey(e.Request)
		en := &recEnumeration{enumerate: e}
		en.noteContext(firstMatch(reEnumContext, e.Response), byContext)
		s.enums[uri] = append(s.enums[uri], en)
	case "Pull":
		en := byContext[firstMatch(reEnumContext, e.Request)]
		if en == nil {
			return true
		}
		en.pulls = append(en.pulls, e)
		// Windows may hand a new context with each page (WS-Enumeration allows it).
		en.noteContext(firstMatch(reEnumContext, e.Response), byContext)
	case "Release":
		if en := byContext[firstMatch(reEnumContext, e.Request)]; en != nil {
			en.release = &e
		}
	default:
		return false
	}
	return true
}

func (en *recEnumeration) noteContext(id string, byContext map[string]*recEnumeration) {
	if id == "" || byContext[id] == en {
		return
	}
	byContext[id] = en
	en.contexts = append(en.contexts, id)
}

// answerEnumeration answers a live Enumerate, Pull or Release (s.mu held); ok is false for
// other actions.
func (s *Server) answerEnumeration(action, req string) (body string, fault, ok bool) {
	switch action {
	case "Enumerate":
		uri := enumerationKey(req)
		recs := s.enums[uri]
		if len(recs) == 0 {
			body, fault = s.mismatch("the recording holds no enumeration of " + uri)
			return body, fault, true
		}
		rec := recs[s.nextEnum[uri]%len(recs)]
		s.nextEnum[uri]++
		live := &liveEnumeration{id: s.freshContext(rec), rec: rec}
		if len(rec.contexts) > 0 {
			s.liveEnums[live.id] = live
		}
		return live.fix(rec.enumerate.Response), rec.enumerate.Fault, true
	case "Pull":
		live := s.liveEnums[firstMatch(reEnumContext, req)]
		if live == nil {
			body, fault = s.mismatch("Pull of an enumeration this replay did not start")
			return body, fault, true
		}
		if live.pulls >= len(live.rec.pulls) {
			body, fault = s.mismatch("the recorded enumeration of " + firstMatch(reResourceURI, req) + " was pulled no further")
			return body, fault, true
		}
		rec := live.rec.pulls[live.pulls]
		live.pulls++
		return live.fix(rec.Response), rec.Fault, true
	case "Release":
		live := s.liveEnums[firstMatch(reEnumContext, req)]
		if live == nil {
			body, fault = s.mismatch("Release of an enumeration this replay did not start")
			return body, fault, true
		}
		delete(s.liveEnums, live.id)
		if live.rec.release != nil {
			return live.fix(live.rec.release.Response), live.rec.release.Fault, true
		}
		return releaseResponse, false, true
	}
	return "", false, false
}

// freshContext is a new live context id, spelled as the recording's were ("uuid:" or not).
func (s *Server) freshContext(rec *recEnumeration) string {
	id := s.freshID()
	if len(rec.contexts) > 0 && strings.HasPrefix(rec.contexts[0], "uuid:") {
		return "uuid:" + id
	}
	return id
}

// fix puts the live context id into a recorded answer.
func (live *liveEnumeration) fix(resp string) string {
	for _, id := range live.rec.contexts {
		resp = strings.ReplaceAll(resp, id, live.id)
	}
	return resp
}

// Enumerated reports whether the recording holds an Enumerate of a resource URI ending in
// suffix (a class name, "/Win32_ComputerSystem").
func (s *Server) Enumerated(suffix string) bool {
	for uri := range s.enums {
		if strings.HasSuffix(uri, suffix) {
			return true
		}
	}
	return false
}

// Shells reports whether the recording holds a remote shell that was created.
func (s *Server) Shells() bool { return len(s.shells) > 0 }

const releaseResponse = envOpen + `http://schemas.xmlsoap.org/ws/2004/09/enumeration/ReleaseResponse</a:Action><a:RelatesTo></a:RelatesTo></s:Header><s:Body></s:Body></s:Envelope>`

// SentTexts is what the client sent to each recorded command, decoded: its command line
// (-EncodedCommand arguments decoded), then all it sent on stdin, joined (a line may span
// Sends). Commands come in the order the recording has them: shell by shell, each shell's
// in turn.
func (s *Server) SentTexts() []string {
	var texts []string
	for _, sh := range s.shells {
		for _, c := range sh.commands {
			var b strings.Builder
			b.WriteString(commandText(c.command.Request))
			b.WriteString("\n")
			for _, e := range c.sends {
				b.WriteString(streamText(e.Request))
			}
			texts = append(texts, b.String())
		}
	}
	return texts
}
