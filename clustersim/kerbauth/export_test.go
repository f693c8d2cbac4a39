package kerbauth

import "github.com/jcmturner/gokrb5/v8/types"

// NewInitiatorSession is the client end of a context, for the tests' round trips: the
// simulator itself is only ever the acceptor.
func NewInitiatorSession(key types.EncryptionKey, acceptorSubkey bool, ownSeq, peerSeq uint64) (*Session, error) {
	return newSession(key, true, acceptorSubkey, ownSeq, peerSeq)
}

// NewAcceptorSession is the acceptor end with chosen keys, for the fuzz target.
func NewAcceptorSession(key types.EncryptionKey, acceptorSubkey bool, ownSeq, peerSeq uint64) (*Session, error) {
	return newSession(key, false, acceptorSubkey, ownSeq, peerSeq)
}
