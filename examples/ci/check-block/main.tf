# A `check` block over the data source exchange_cluster_resource: every `terraform plan` and
# `terraform apply` verifies that the System Attendant checkpoints the KB Q245211 key, without
# this configuration managing the checkpoint itself (another team or tool may own it).
#
# Terraform reports a failed check as a warning, not an error, so a plain
# `terraform plan -detailed-exitcode` still exits 0 (hashicorp/terraform#33174).
# ../check-drift.sh treats a failed check as drift (exit 2). Needs Terraform 1.5 or later (or
# OpenTofu 1.6 or later).

terraform {
  required_version = ">= 1.5"
  required_providers {
    exchange = {
      source = "exchange-tools/exchange"
    }
  }
}

# Settings from the environment: EXCHANGE_WINRM_HOST, EXCHANGE_WINRM_USERNAME,
# EXCHANGE_WINRM_PASSWORD, ...
provider "exchange" {}

variable "resource_name" {
  description = "The System Attendant's cluster resource (Exchange 2000/2003: \"<virtual server> System Attendant\")."
  type        = string
  default     = "Microsoft Exchange System Attendant"
}

variable "key" {
  description = "The registry key that must be checkpointed, relative to HKEY_LOCAL_MACHINE."
  type        = string
  default     = "SOFTWARE\\Microsoft\\Exchange\\Backupinformation"
}

# The data source is declared outside the check block on purpose. A data source scoped to a
# check block is always planned as "read during apply", which makes
# `terraform plan -detailed-exitcode` exit 2 on every run, drift or not
# (hashicorp/terraform#35226). Outside, it is read during the plan, and a failure to read it
# (WinRM down, the resource missing) is an error, which CI should see anyway.
data "exchange_cluster_resource" "system_attendant" {
  name = var.resource_name
}

check "backupinformation_checkpointed" {
  assert {
    condition = anytrue([
      for k in data.exchange_cluster_resource.system_attendant.registry_checkpoints :
      lower(trimsuffix(k, "\\")) == lower(var.key)
    ])
    error_message = "The cluster resource ${var.resource_name} does not checkpoint HKLM\\${var.key} (KB Q245211): an incremental backup after a failover fails with Event ID 8010. It holds: ${jsonencode(data.exchange_cluster_resource.system_attendant.registry_checkpoints)}."
  }

  assert {
    condition     = data.exchange_cluster_resource.system_attendant.state == "Online"
    error_message = "The cluster resource ${var.resource_name} is ${data.exchange_cluster_resource.system_attendant.state}: the Cluster service saves checkpointed keys only while it is online."
  }
}
