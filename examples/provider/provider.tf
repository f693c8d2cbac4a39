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

# NTLM over HTTP (port 5985): the provider encrypts every WinRM message, so the server can keep
# its default AllowUnencrypted = false.
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

# Kerberos: the realm is the upper-case Active Directory domain.
provider "exchange" {
  alias          = "kerberos"
  host           = "exnode1.contoso.com"
  auth           = "kerberos"
  kerberos_realm = "CONTOSO.COM"
  username       = "exadmin"
  password       = var.winrm_password
}

# Everything from the environment: EXCHANGE_WINRM_HOST, EXCHANGE_WINRM_USERNAME,
# EXCHANGE_WINRM_PASSWORD, EXCHANGE_WINRM_AUTH, ...
provider "exchange" {
  alias = "from_environment"
}
