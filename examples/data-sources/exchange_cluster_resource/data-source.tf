# The System Attendant of the WinRM host's cluster (the default name).
data "exchange_cluster_resource" "system_attendant" {}

output "system_attendant" {
  value = {
    state                = data.exchange_cluster_resource.system_attendant.state
    owner_node           = data.exchange_cluster_resource.system_attendant.owner_node
    owner_group          = data.exchange_cluster_resource.system_attendant.owner_group
    registry_checkpoints = data.exchange_cluster_resource.system_attendant.registry_checkpoints
  }
}

# Fail a plan when the KB Q245211 checkpoint is missing (Terraform 1.5 and later).
check "backupinformation_checkpointed" {
  assert {
    condition = anytrue([
      for k in data.exchange_cluster_resource.system_attendant.registry_checkpoints :
      lower(k) == lower("SOFTWARE\\Microsoft\\Exchange\\Backupinformation")
    ])
    error_message = "The System Attendant does not checkpoint SOFTWARE\\Microsoft\\Exchange\\Backupinformation (KB Q245211): incremental backups fail after a failover."
  }
}
