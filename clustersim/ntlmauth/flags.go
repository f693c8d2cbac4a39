package ntlmauth

// NegotiateFlags bits (MS-NLMP 2.2.2.5). Only the ones this server reads or sets are named.
const (
	flagUnicode         uint32 = 0x00000001 // NTLMSSP_NEGOTIATE_UNICODE
	flagOEM             uint32 = 0x00000002 // NTLM_NEGOTIATE_OEM
	flagRequestTarget   uint32 = 0x00000004 // NTLMSSP_REQUEST_TARGET
	flagSign            uint32 = 0x00000010 // NTLMSSP_NEGOTIATE_SIGN
	flagSeal            uint32 = 0x00000020 // NTLMSSP_NEGOTIATE_SEAL
	flagLMKey           uint32 = 0x00000080 // NTLMSSP_NEGOTIATE_LM_KEY
	flagNTLM            uint32 = 0x00000200 // NTLMSSP_NEGOTIATE_NTLM
	flagAnonymous       uint32 = 0x00000800 // NTLMSSP_ANONYMOUS ("J" in the spec)
	flagAlwaysSign      uint32 = 0x00008000 // NTLMSSP_NEGOTIATE_ALWAYS_SIGN
	flagTargetDomain    uint32 = 0x00010000 // NTLMSSP_TARGET_TYPE_DOMAIN
	flagTargetServer    uint32 = 0x00020000 // NTLMSSP_TARGET_TYPE_SERVER
	flagExtendedSec     uint32 = 0x00080000 // NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
	flagIdentify        uint32 = 0x00100000 // NTLMSSP_NEGOTIATE_IDENTIFY
	flagTargetInfo      uint32 = 0x00800000 // NTLMSSP_NEGOTIATE_TARGET_INFO
	flagVersion         uint32 = 0x02000000 // NTLMSSP_NEGOTIATE_VERSION
	flag128             uint32 = 0x20000000 // NTLMSSP_NEGOTIATE_128
	flagKeyExch         uint32 = 0x40000000 // NTLMSSP_NEGOTIATE_KEY_EXCH
	flag56              uint32 = 0x80000000 // NTLMSSP_NEGOTIATE_56
	flagsGrantedAsAsked        = flagSign | flagSeal | flagExtendedSec | flagIdentify | flag128 | flag56 | flagKeyExch
)

// AV_PAIR ids (MS-NLMP 2.2.2.1).
const (
	avEOL             uint16 = 0x0000
	avNbComputerName  uint16 = 0x0001
	avNbDomainName    uint16 = 0x0002
	avDNSComputerName uint16 = 0x0003
	avDNSDomainName   uint16 = 0x0004
	avFlags           uint16 = 0x0006
	avTimestamp       uint16 = 0x0007
)

// avFlagMICPresent is the MsvAvFlags bit by which a client says its AUTHENTICATE_MESSAGE
// carries a MIC.
const avFlagMICPresent uint32 = 0x00000002

// challengeFlags computes the CHALLENGE_MESSAGE flags from the client's NEGOTIATE_MESSAGE flags,
// as MS-NLMP 3.2.5.1.1 describes: the optional capabilities are granted when the client asked for
// them; the rest is what every Windows challenge carries (see unconfirmed.go for the guesses).
func challengeFlags(client uint32, domainMember bool) uint32 {
	f := client & flagsGrantedAsAsked
	if client&flagUnicode != 0 {
		f |= flagUnicode
	} else {
		f |= flagOEM
	}
	f |= flagRequestTarget | flagNTLM | flagTargetInfo
	f |= alwaysGrantedFlags
	if domainMember {
		f |= flagTargetDomain
	} else {
		f |= flagTargetServer
	}
	return f
}
