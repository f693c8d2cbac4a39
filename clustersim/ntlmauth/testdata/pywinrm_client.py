# Sends WinRM-encrypted messages with pywinrm's own transport (requests_ntlm and ntlm-auth
# underneath) to the test server given as argv[1]; prints each decrypted answer on a line.
# The password comes from the environment, never from the command line.
import os
import sys

from winrm.transport import Transport

transport = Transport(endpoint=sys.argv[1], username=sys.argv[2], password=os.environ["NTLM_TEST_PASSWORD"],
                      auth_method="ntlm", message_encryption="always")
for i in range(3):
    answer = transport.send_message("<Envelope n=%d/>" % i)
    if isinstance(answer, bytes):
        answer = answer.decode()
    print(answer)
