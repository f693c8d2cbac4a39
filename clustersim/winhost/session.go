package winhost

// Session is the node as one process sees it: the node, and how the process's user logged
// on. The FailoverClusters cmdlets read it to decide whether -Cluster may reach another node
// (a second hop). A script run with the *Node itself as host (the console of the control
// API, tests of the engine) is an interactive logon.
type Session struct {
	*Node
	Logon Logon
}

// Logon is how the user of a process logged on.
type Logon struct {
	// Method is the WinRM authentication ("Basic", "NTLM", "Kerberos"); "" for a console.
	Method string
	// Remote is true for a WinRM (network) logon.
	Remote bool
	// Delegable is true when a remote logon holds credentials it can pass on (a Kerberos
	// logon with a forwarded ticket-granting ticket, or CredSSP).
	Delegable bool
}

// Session binds the node to a process's logon.
func (n *Node) Session(l Logon) *Session { return &Session{Node: n, Logon: l} }

// canReachOtherNodes tells whether a process with host (the value its cmdlets get) can open
// an authenticated connection to another machine as its user. An interactive logon holds the
// user's credentials; a network logon by NTLM or Basic holds none (Microsoft clustering
// blog, "PowerShell Remoting and the Double-Hop Problem", 2009-06-25; PSWSMan's
// about_PSWSManAuthentication, "Delegation" column), nor does Kerberos without delegation.
func canReachOtherNodes(host any) bool {
	s, ok := host.(*Session)
	if !ok || !s.Logon.Remote {
		return true
	}
	return s.Logon.Delegable
}
