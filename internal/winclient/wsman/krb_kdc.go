package wsman

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/iana/nametype"
	"github.com/jcmturner/gokrb5/v8/iana/patype"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// The KDC exchanges (RFC 4120 3.1 and 3.3) are made here with gokrb5's message types rather
// than with its client: the client's errors keep the KDC's KRB-ERROR only as text, and a
// failure must be classified by its error code. Requests go over TCP (RFC 4120 7.2.2), which
// every Active Directory KDC takes and which does not truncate large tickets.

// krbCreds are one user's Kerberos credentials for one client: a credential cache, a keytab
// or a password, with the realm's configuration. Tickets are kept until they expire.
type krbCreds struct {
	conf     *config.Config
	confPath string
	realm    string // the user's realm
	user     string // the user's name without the realm
	password string
	keytab   *keytab.Keytab
	ccache   string
	now      func() time.Time // the clock; tests skew it

	mu      sync.Mutex
	tgt     *krbTicket
	tickets map[string]*krbTicket // service tickets by SPN
}

// krbTicket is a ticket with its session key, for one client principal.
type krbTicket struct {
	ticket messages.Ticket
	key    types.EncryptionKey
	cname  types.PrincipalName
	crealm string
	end    time.Time
}

// ticketMargin: a ticket that expires sooner than this is renewed before use, so that it
// does not expire between the request and the server's check.
const ticketMargin = time.Minute

func (c *krbCreds) failure(kind KerberosKind, code int32, err error) *KerberosFailure {
	return &KerberosFailure{Kind: kind, Code: code, Realm: c.realm, Krb5Conf: c.confPath, CCache: c.ccache, Err: err}
}

// serviceTicket returns a ticket for spn ("HTTP/host"), from the cache of tickets or the KDC.
func (c *krbCreds) serviceTicket(ctx context.Context, spn string) (*krbTicket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if t := c.tickets[spn]; t != nil && t.end.After(now.Add(ticketMargin)) {
		return t, nil
	}
	tgt, err := c.ticketGrantingTicket(ctx, now)
	if err != nil {
		return nil, err
	}
	t, err := c.tgsExchange(ctx, tgt, spn)
	if err != nil {
		return nil, err
	}
	if c.tickets == nil {
		c.tickets = map[string]*krbTicket{}
	}
	c.tickets[spn] = t
	return t, nil
}

// ticketGrantingTicket returns the TGT: the ccache's, or one got with the password or keytab.
func (c *krbCreds) ticketGrantingTicket(ctx context.Context, now time.Time) (*krbTicket, error) {
	if c.tgt != nil && c.tgt.end.After(now.Add(ticketMargin)) {
		return c.tgt, nil
	}
	var err error
	if c.ccache != "" {
		c.tgt, err = c.ccacheTGT(now)
	} else {
		c.tgt, err = c.asExchange(ctx)
	}
	return c.tgt, err
}

// ccacheTGT reads the credential cache's ticket-granting ticket for its default realm.
func (c *krbCreds) ccacheTGT(now time.Time) (*krbTicket, error) {
	cc, err := credentials.LoadCCache(c.ccache)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, c.failure(KerberosNoTicket, 0, errors.New("the file does not exist"))
	}
	if err != nil {
		return nil, c.failure(KerberosNoTicket, 0, fmt.Errorf("cannot read it: %w", err))
	}
	realm := cc.DefaultPrincipal.Realm
	tgs := types.PrincipalName{NameType: nametype.KRB_NT_SRV_INST, NameString: []string{"krbtgt", realm}}
	cred, ok := cc.GetEntry(tgs)
	if !ok {
		return nil, c.failure(KerberosNoTicket, 0, fmt.Errorf("it holds no ticket-granting ticket for %s", realm))
	}
	if !cred.EndTime.After(now) {
		return nil, c.failure(KerberosNoTicket, 0, fmt.Errorf("its ticket-granting ticket expired at %s", cred.EndTime.UTC().Format(time.RFC3339)))
	}
	var tkt messages.Ticket
	if err := tkt.Unmarshal(cred.Ticket); err != nil {
		return nil, c.failure(KerberosNoTicket, 0, fmt.Errorf("its ticket-granting ticket is malformed: %w", err))
	}
	c.realm = realm
	return &krbTicket{ticket: tkt, key: cred.Key, cname: cc.DefaultPrincipal.PrincipalName, crealm: realm, end: cred.EndTime}, nil
}

// asExchange gets a TGT with the password or the keytab, pre-authenticated with an
// encrypted timestamp (as Active Directory requires): a first request learns the enctype
// and salt from KDC_ERR_PREAUTH_REQUIRED, the second carries the timestamp.
func (c *krbCreds) asExchange(ctx context.Context) (*krbTicket, error) {
	cname := types.PrincipalName{NameType: nametype.KRB_NT_PRINCIPAL, NameString: []string{c.user}}
	req, err := messages.NewASReqForTGT(c.realm, c.conf, cname)
	if err != nil {
		return nil, c.failure(KerberosOther, 0, err)
	}
	rep, err := c.sendAS(ctx, &req)
	var ke *KerberosFailure
	if errors.As(err, &ke) && ke.Code == errorcode.KDC_ERR_PREAUTH_REQUIRED {
		if err := c.addTimestamp(&req, ke.eData); err != nil {
			return nil, err
		}
		rep, err = c.sendAS(ctx, &req)
	}
	if err != nil {
		return nil, err
	}
	creds := credentials.New(c.user, c.realm)
	if c.keytab != nil {
		creds = creds.WithKeytab(c.keytab)
	} else {
		creds = creds.WithPassword(c.password)
	}
	if ok, err := rep.Verify(c.conf, creds, req); err != nil || !ok {
		// The KDC answered but its reply does not decrypt with our key: the KDC holds
		// another password than ours (a KDC that does not require pre-authentication
		// lets this happen instead of KDC_ERR_PREAUTH_FAILED).
		return nil, c.failure(KerberosPasswordRefused, 0, errors.New("the KDC's reply does not decrypt with this password or key"))
	}
	return &krbTicket{ticket: rep.Ticket, key: rep.DecryptedEncPart.Key, cname: rep.CName, crealm: rep.CRealm, end: rep.DecryptedEncPart.EndTime}, nil
}

func (c *krbCreds) sendAS(ctx context.Context, req *messages.ASReq) (*messages.ASRep, error) {
	b, err := req.Marshal()
	if err != nil {
		return nil, c.failure(KerberosOther, 0, err)
	}
	rb, err := c.sendKDC(ctx, c.realm, b)
	if err != nil {
		return nil, err
	}
	var rep messages.ASRep
	if err := rep.Unmarshal(rb); err != nil {
		return nil, c.failure(KerberosOther, 0, fmt.Errorf("malformed AS-REP: %w", err))
	}
	return &rep, nil
}

// addTimestamp adds PA-ENC-TIMESTAMP (RFC 4120 5.2.7.2) with the key of the enctype and
// salt the KDC named in its PREAUTH_REQUIRED e-data (PA-ETYPE-INFO2).
func (c *krbCreds) addTimestamp(req *messages.ASReq, eData []byte) error {
	var pas types.PADataSequence
	if err := pas.Unmarshal(eData); err != nil {
		return c.failure(KerberosOther, errorcode.KDC_ERR_PREAUTH_REQUIRED, fmt.Errorf("cannot read the KDC's pre-authentication data: %w", err))
	}
	etype := int32(0)
	for _, pa := range pas {
		if pa.PADataType == patype.PA_ETYPE_INFO2 {
			if info, err := pa.GetETypeInfo2(); err == nil && len(info) > 0 {
				etype = info[0].EType
				break
			}
		}
	}
	if etype == 0 {
		etype = c.conf.LibDefaults.DefaultTktEnctypeIDs[0]
	}
	var key types.EncryptionKey
	var err error
	cname := req.ReqBody.CName
	if c.keytab != nil {
		key, _, err = c.keytab.GetEncryptionKey(cname, c.realm, 0, etype)
	} else {
		key, _, err = crypto.GetKeyFromPassword(c.password, cname, c.realm, etype, pas)
	}
	if err != nil {
		return c.failure(KerberosOther, 0, fmt.Errorf("no key of enctype %d for the pre-authentication: %w", etype, err))
	}
	now := c.now().UTC()
	ts, err := asn1.Marshal(types.PAEncTSEnc{PATimestamp: now, PAUSec: now.Nanosecond() / 1000})
	if err != nil {
		return c.failure(KerberosOther, 0, err)
	}
	enc, err := crypto.GetEncryptedData(ts, key, keyusage.AS_REQ_PA_ENC_TIMESTAMP, 1)
	if err != nil {
		return c.failure(KerberosOther, 0, err)
	}
	pb, err := enc.Marshal()
	if err != nil {
		return c.failure(KerberosOther, 0, err)
	}
	req.PAData = append(req.PAData, types.PAData{PADataType: patype.PA_ENC_TIMESTAMP, PADataValue: pb})
	return nil
}

// tgsExchange gets a service ticket for spn with the TGT.
func (c *krbCreds) tgsExchange(ctx context.Context, tgt *krbTicket, spn string) (*krbTicket, error) {
	sname := types.PrincipalName{NameType: nametype.KRB_NT_SRV_INST, NameString: strings.Split(spn, "/")}
	req, err := messages.NewTGSReq(tgt.cname, tgt.crealm, c.conf, tgt.ticket, tgt.key, sname, false)
	if err != nil {
		return nil, c.failure(KerberosOther, 0, err)
	}
	b, err := req.Marshal()
	if err != nil {
		return nil, c.failure(KerberosOther, 0, err)
	}
	rb, err := c.sendKDC(ctx, tgt.crealm, b)
	var ke *KerberosFailure
	if errors.As(err, &ke) {
		ke.SPN = spn
	}
	if err != nil {
		return nil, err
	}
	var rep messages.TGSRep
	if err := rep.Unmarshal(rb); err != nil {
		return nil, c.failure(KerberosOther, 0, fmt.Errorf("malformed TGS-REP: %w", err))
	}
	if err := rep.DecryptEncPart(tgt.key); err != nil {
		return nil, c.failure(KerberosOther, 0, fmt.Errorf("the TGS-REP does not decrypt with the TGT's session key: %w", err))
	}
	return &krbTicket{ticket: rep.Ticket, key: rep.DecryptedEncPart.Key, cname: tgt.cname, crealm: tgt.crealm, end: rep.DecryptedEncPart.EndTime}, nil
}

// kdcRetryPause is the pause between two rounds over a realm's KDCs that all failed to answer.
const kdcRetryPause = 500 * time.Millisecond

// kdcMaxRounds bounds the rounds when ctx has no deadline.
const kdcMaxRounds = 3

// sendKDC sends a request to the realm's KDCs in krb5.conf's order until one answers,
// retrying rounds until ctx's deadline. The answer is a reply, or a KRB-ERROR returned as a
// *KerberosFailure with its code.
func (c *krbCreds) sendKDC(ctx context.Context, realm string, req []byte) ([]byte, error) {
	_, kdcMap, err := c.conf.GetKDCs(realm, true)
	if err != nil || len(kdcMap) == 0 {
		f := c.failure(KerberosKDCUnreachable, 0, fmt.Errorf("no KDC configured for the realm: %v", err))
		f.Realm = realm
		return nil, f
	}
	order := make([]int, 0, len(kdcMap))
	for i := range kdcMap {
		order = append(order, i)
	}
	sort.Ints(order)
	kdcs := make([]string, len(order))
	for i, k := range order {
		kdcs[i] = kdcMap[k]
	}
	_, hasDeadline := ctx.Deadline()
	var lastErr error
	for round := 0; hasDeadline || round < kdcMaxRounds; round++ {
		for _, kdc := range kdcs {
			rb, err := exchangeTCP(ctx, kdc, req)
			if err == nil {
				return c.krbErrorOr(rb, realm)
			}
			lastErr = err
			if ctx.Err() != nil {
				break
			}
		}
		if ctx.Err() != nil {
			break
		}
		t := time.NewTimer(kdcRetryPause)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		if ctx.Err() != nil {
			break
		}
	}
	f := c.failure(KerberosKDCUnreachable, 0, lastErr)
	f.Realm, f.KDCs = realm, kdcs
	return nil, f
}

// krbErrorOr returns a KDC's answer, or its KRB-ERROR (application tag 30) as a failure.
func (c *krbCreds) krbErrorOr(rb []byte, realm string) ([]byte, error) {
	if len(rb) == 0 || rb[0] != 0x7e {
		return rb, nil
	}
	var ke messages.KRBError
	if err := ke.Unmarshal(rb); err != nil {
		return nil, c.failure(KerberosOther, 0, fmt.Errorf("malformed KRB-ERROR: %w", err))
	}
	f := c.failure(kindOfCode(ke.ErrorCode), ke.ErrorCode, nil)
	f.Realm, f.eData = realm, ke.EData
	return nil, f
}

// maxKDCReply bounds a KDC's answer (tickets with large PACs run to tens of kB).
const maxKDCReply = 1 << 20

// exchangeTCP sends one request to a KDC over TCP (4-byte big-endian length, then the
// message) and reads its answer.
func exchangeTCP(ctx context.Context, kdc string, req []byte) ([]byte, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", kdc)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	deadline := time.Now().Add(10 * time.Second)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	msg := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(req)), uint32(len(req)))
	if _, err := conn.Write(append(msg, req...)); err != nil {
		return nil, err
	}
	var n [4]byte
	if _, err := io.ReadFull(conn, n[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxKDCReply {
		return nil, fmt.Errorf("KDC %s announced a %d-byte answer", kdc, size)
	}
	rb := make([]byte, size)
	if _, err := io.ReadFull(conn, rb); err != nil {
		return nil, err
	}
	return rb, nil
}

// newKrbCreds loads krb5.conf and makes the credentials of user: from the ccache when one is
// named, else from the keytab when one is given, else from the password. The realm is
// realm, else the one of "user@REALM", else krb5.conf's default_realm; a "DOMAIN\user"
// name loses its NetBIOS domain, which is no realm.
func newKrbCreds(krb5conf, realm, user, password string, kt *keytab.Keytab, ccache string) (*krbCreds, error) {
	conf, err := config.Load(krb5conf)
	if err != nil {
		return nil, &KerberosFailure{Kind: KerberosOther, Krb5Conf: krb5conf, Err: fmt.Errorf("cannot read krb5.conf %s: %w", krb5conf, err)}
	}
	if i := strings.LastIndexByte(user, '\\'); i >= 0 {
		user = user[i+1:]
	}
	if i := strings.LastIndexByte(user, '@'); i >= 0 {
		if realm == "" {
			realm = strings.ToUpper(user[i+1:])
		}
		user = user[:i]
	}
	if realm == "" {
		realm = conf.LibDefaults.DefaultRealm
	}
	return &krbCreds{conf: conf, confPath: krb5conf, realm: realm, user: user, password: password, keytab: kt, ccache: ccache, now: time.Now}, nil
}
