package ntlmauth

import (
	"encoding/binary"
)

// avPair is one AV_PAIR of a TargetInfo list (MS-NLMP 2.2.2.1).
type avPair struct {
	id    uint16
	value []byte
}

// marshalAVPairs writes the pairs followed by MsvAvEOL.
func marshalAVPairs(pairs []avPair) []byte {
	var b []byte
	for _, p := range pairs {
		b = binary.LittleEndian.AppendUint16(b, p.id)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(p.value)))
		b = append(b, p.value...)
	}
	return append(b, 0, 0, 0, 0)
}

// parseAVPairs reads an AV_PAIR list up to MsvAvEOL. A list that runs past its buffer or lacks
// its EOL is malformed.
func parseAVPairs(b []byte) ([]avPair, error) {
	var pairs []avPair
	for {
		if len(b) < 4 {
			return nil, errMalformed
		}
		id := binary.LittleEndian.Uint16(b)
		n := int(binary.LittleEndian.Uint16(b[2:]))
		b = b[4:]
		if id == avEOL {
			return pairs, nil
		}
		if n > len(b) {
			return nil, errMalformed
		}
		pairs = append(pairs, avPair{id: id, value: b[:n]})
		b = b[n:]
	}
}

func findAVPair(pairs []avPair, id uint16) ([]byte, bool) {
	for _, p := range pairs {
		if p.id == id {
			return p.value, true
		}
	}
	return nil, false
}
