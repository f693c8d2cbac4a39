package wsman

import (
	"fmt"
	"strings"

	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
)

// KerberosKind is the cause of a Kerberos failure, decided from the Kerberos error code the
// KDC (or the service) sent, from the network error, or from the credential cache, never
// from an error's text.
type KerberosKind int

// Kerberos failure kinds.
const (
	// KerberosOther is any other KRB-ERROR, or a malformed answer.
	KerberosOther KerberosKind = iota
	// KerberosKDCUnreachable: no KDC of the realm answered (a network error, retried
	// within the operation's timeout).
	KerberosKDCUnreachable
	// KerberosClockSkew: KRB_AP_ERR_SKEW, this machine's clock is too far from the KDC's
	// or the server's.
	KerberosClockSkew
	// KerberosUnknownSPN: KDC_ERR_S_PRINCIPAL_UNKNOWN, no account holds the service
	// principal HTTP/<host>.
	KerberosUnknownSPN
	// KerberosUnknownUser: KDC_ERR_C_PRINCIPAL_UNKNOWN, no such user in the realm.
	KerberosUnknownUser
	// KerberosNoTicket: the credential cache is missing, unreadable, has no ticket-granting
	// ticket for its realm, or its ticket has expired.
	KerberosNoTicket
	// KerberosPasswordRefused: KDC_ERR_PREAUTH_FAILED, the password (or the keytab's key)
	// is wrong. The only kind that says the credentials are refused: trying them again
	// counts towards the account's lockout.
	KerberosPasswordRefused
	// KerberosAccountUnusable: KDC_ERR_CLIENT_REVOKED (disabled or locked out) or
	// KDC_ERR_KEY_EXPIRED (the password must be changed).
	KerberosAccountUnusable
	// KerberosServiceRefused: the WinRM service refused a valid ticket, or its answer did not
	// prove it holds the service's key (mutual authentication failed).
	KerberosServiceRefused
)

// KerberosFailure is a failure to get or use a Kerberos ticket, with its cause.
type KerberosFailure struct {
	Kind KerberosKind
	// Code is the KRB-ERROR's error-code (RFC 4120 7.5.9), 0 when none came.
	Code int32
	// Realm, KDCs, Krb5Conf, SPN and CCache name what was tried, for the message.
	Realm    string
	KDCs     []string
	Krb5Conf string
	SPN      string
	CCache   string
	Err      error

	eData []byte // the KRB-ERROR's e-data (PREAUTH_REQUIRED's enctypes and salts)
}

func (e *KerberosFailure) Unwrap() error { return e.Err }

// Error says what failed and what to check, naming the places to look. It never holds a
// password.
func (e *KerberosFailure) Error() string {
	code := ""
	if e.Code != 0 {
		code = " [" + errorcode.Lookup(e.Code) + "]"
	}
	cause := ""
	if e.Err != nil {
		cause = ": " + e.Err.Error()
	}
	switch e.Kind {
	case KerberosKDCUnreachable:
		return fmt.Sprintf("Kerberos: no KDC of realm %s answered (tried %s)%s; check the realm's kdc entries in %s, "+
			"that this machine resolves and reaches them on port 88 (TCP), and the realm's spelling (upper case)",
			e.Realm, strings.Join(e.KDCs, ", "), cause, e.krb5Conf())
	case KerberosClockSkew:
		return fmt.Sprintf("Kerberos: clock skew too great%s: this machine's clock and the domain's differ by more than "+
			"the allowed skew (5 minutes by default, Kerberos policy \"Maximum tolerance for computer clock synchronization\"); "+
			"synchronise the time (NTP here; w32tm /resync on Windows) and check the time zone", code)
	case KerberosUnknownSPN:
		return fmt.Sprintf("Kerberos: the KDC of realm %s knows no service principal %s%s; connect to the host by the DNS "+
			"name its computer account is registered under, not an IP address or an alias (on a domain member: setspn -L "+
			"<computer name> lists its HTTP/ and HOST/ names), or register the alias with setspn -S %s <computer name>",
			e.Realm, e.SPN, code, e.SPN)
	case KerberosUnknownUser:
		return fmt.Sprintf("Kerberos: the realm %s has no such user%s; check the username (user, or user@REALM) and the realm", e.Realm, code)
	case KerberosNoTicket:
		return fmt.Sprintf("Kerberos: no usable ticket in the credential cache %s%s; run kinit again (or give a password "+
			"or kerberos_keytab instead of kerberos_ccache)", e.CCache, cause)
	case KerberosPasswordRefused:
		return fmt.Sprintf("Kerberos: the KDC of realm %s refused the password or keytab key%s; check the password (or that the "+
			"keytab holds the account's current keys: they change with the password). No further logon is tried with these credentials", e.Realm, code)
	case KerberosAccountUnusable:
		return fmt.Sprintf("Kerberos: the account cannot log on%s: it is disabled, locked out or its password has expired", code)
	case KerberosServiceRefused:
		return fmt.Sprintf("Kerberos: the WinRM service refused the logon with a ticket for %s%s; check that the account may use "+
			"WinRM (Administrators or Remote Management Users) and that %s belongs to that host's computer account (setspn -L <computer name>)",
			e.SPN, cause, e.SPN)
	}
	return fmt.Sprintf("Kerberos%s%s", code, cause)
}

func (e *KerberosFailure) krb5Conf() string {
	if e.Krb5Conf == "" {
		return "krb5.conf"
	}
	return e.Krb5Conf
}

// kindOfCode is the kind of a KRB-ERROR's code.
func kindOfCode(code int32) KerberosKind {
	switch code {
	case errorcode.KRB_AP_ERR_SKEW:
		return KerberosClockSkew
	case errorcode.KDC_ERR_S_PRINCIPAL_UNKNOWN:
		return KerberosUnknownSPN
	case errorcode.KDC_ERR_C_PRINCIPAL_UNKNOWN:
		return KerberosUnknownUser
	case errorcode.KDC_ERR_PREAUTH_FAILED:
		return KerberosPasswordRefused
	case errorcode.KDC_ERR_CLIENT_REVOKED, errorcode.KDC_ERR_KEY_EXPIRED:
		return KerberosAccountUnusable
	}
	return KerberosOther
}
