terraform {
  required_providers {
    exchange = {
      source = "exchange-tools/exchange"
    }
  }
}

variable "winrm_password" {
  type      = string
  sensitive = true
}

# Negotiate (the default) over HTTP (port 5985): NTLM here, since no Kerberos setting is given;
# the provider encrypts every WinRM message, so the server can keep its default
# AllowUnencrypted = false.
provider "exchange" {
  host     = "exnode1.contoso.com"
  username = "CONTOSO\\exadmin"
  password = var.winrm_password
}

# Basic over HTTPS (port 5986), checking the server's certificate against the company CA.
provider "exchange" {
  alias    = "https"
  host     = "exnode1.contoso.com"
  https    = true
  ca_cert  = file("${path.module}/contoso-ca.pem")
  auth     = "basic"
  username = "exadmin"
  password = var.winrm_password
  timeout  = "2m"
}

# Kerberos over HTTP (port 5985), messages encrypted with the Kerberos session key: the realm
# is the upper-case Active Directory domain, host the name of the node's HTTP/ SPN.
provider "exchange" {
  alias          = "kerberos"
  host           = "exnode1.contoso.com"
  auth           = "kerberos"
  kerberos_realm = "CONTOSO.COM"
  username       = "exadmin"
  password       = var.winrm_password
}

# Kerberos from a keytab, as a CI runner or service account logs on (no password).
provider "exchange" {
  alias           = "keytab"
  host            = "exnode1.contoso.com"
  kerberos_realm  = "CONTOSO.COM"
  kerberos_keytab = "/etc/terraform/svc-exchange.keytab"
  username        = "svc-exchange"
}

# Everything from the environment: EXCHANGE_WINRM_HOST, EXCHANGE_WINRM_USERNAME,
# EXCHANGE_WINRM_PASSWORD, EXCHANGE_WINRM_AUTH, ...
provider "exchange" {
  alias = "from_environment"
}
