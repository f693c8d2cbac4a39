"""pywinrm over plain HTTP with Kerberos message encryption, as a Windows domain's default
listener requires (AllowUnencrypted false): requests-kerberos (MIT GSSAPI through
pykerberos) authenticates with Negotiate and seals each message with gss_wrap_iov.

Usage: python3 pywinrm_kerberos.py URL HOSTNAME COMMAND...
The ticket comes from the credential cache (KRB5CCNAME), the realm from KRB5_CONFIG.

Debian's python3-requests-kerberos 0.12 calls pykerberos functions named
authGSSWinRMEncryptMessage / authGSSWinRMDecryptMessage; Debian's python3-kerberos 1.1.14
ships the same operations as authGSSClientWrapIov / authGSSClientUnwrapIov (gss_wrap_iov and
gss_unwrap_iov), whose output and input are already WinRM's framing (a 4-byte little-endian
header length, the header, the data). The two functions below map the names and split or
join that framing; nothing else of the libraries is changed.
"""
import base64
import os
import sys

import kerberos
import winrm
import winrm.encryption


def _encrypt(context, message):
    # The output is already WinRM's framing: a 4-byte little-endian header length, the
    # header, the encrypted data (and padding, none for AES).
    kerberos.authGSSClientWrapIov(context, base64.b64encode(message).decode(), 1)
    out = base64.b64decode(kerberos.authGSSClientResponse(context))
    header_len = int.from_bytes(out[:4], "little")
    header = out[4:4 + header_len]
    sys.stderr.write("wrap header %d bytes, flags %#x, EC %d, RRC %d\n" % (
        header_len, header[2], int.from_bytes(header[4:6], "big"), int.from_bytes(header[6:8], "big")))
    return out[4 + header_len:], header


def _decrypt(context, message, header):
    # The input is the same framing.
    framed = len(header).to_bytes(4, "little") + header + message
    kerberos.authGSSClientUnwrapIov(context, base64.b64encode(framed).decode())
    return base64.b64decode(kerberos.authGSSClientResponse(context))


if not hasattr(kerberos, "authGSSWinRMEncryptMessage"):
    kerberos.authGSSWinRMEncryptMessage = _encrypt
    kerberos.authGSSWinRMDecryptMessage = _decrypt

# PYWINRM_PROTOCOL replaces the protocol string pywinrm seals under (a test of the server's
# check that it matches the HTTP scheme).
if os.environ.get("PYWINRM_PROTOCOL"):
    _init = winrm.encryption.Encryption.__init__

    def _init_with_protocol(self, session, protocol):
        _init(self, session, protocol)
        self.protocol_string = os.environ["PYWINRM_PROTOCOL"].encode()

    winrm.encryption.Encryption.__init__ = _init_with_protocol

url, hostname, command = sys.argv[1], sys.argv[2], " ".join(sys.argv[3:])
p = winrm.Protocol(url, transport="kerberos", message_encryption="always",
                   kerberos_hostname_override=hostname)
shell = p.open_shell()
cid = p.run_command(shell, command)
out, err, code = p.get_command_output(shell, cid)
p.cleanup_command(shell, cid)
p.close_shell(shell)
sys.stdout.write(out.decode())
sys.exit(code)
