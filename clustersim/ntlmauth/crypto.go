package ntlmauth

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rc4"
	"strings"

	"golang.org/x/crypto/md4" //nolint:staticcheck // SA1019: NTLM's NTOWF is MD4 by specification (MS-NLMP 3.3); needed for compatibility, not security
)

func hmacMD5(key []byte, parts ...[]byte) []byte {
	mac := hmac.New(md5.New, key)
	for _, p := range parts {
		mac.Write(p)
	}
	return mac.Sum(nil)
}

func md5Sum(parts ...[]byte) []byte {
	h := md5.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// ntowfv1 is MD4(UNICODE(Passwd)) (MS-NLMP 3.3.1).
func ntowfv1(password string) []byte {
	h := md4.New()
	h.Write(encodeUTF16(password))
	return h.Sum(nil)
}

// ntowfv2 is HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(ConcatenationOf(Uppercase(User), UserDom)))
// (MS-NLMP 3.3.2). The domain is used exactly as the client sent it.
func ntowfv2(password, user, domain string) []byte {
	return hmacMD5(ntowfv1(password), encodeUTF16(strings.ToUpper(user)+domain))
}

// rc4k is RC4 encryption of data with a one-off key (RC4K in MS-NLMP 6).
func rc4k(key, data []byte) []byte {
	c, err := rc4.NewCipher(key)
	if err != nil {
		// Only an empty or over-long key fails; our keys are always 5 to 16 bytes.
		panic("ntlm: rc4 key: " + err.Error())
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}
