# KB Q245211, declared: the System Attendant resource of the Exchange cluster checkpoints the
# registry key that a full online backup writes, so that the Cluster service carries it to
# whichever node owns the Exchange group, and incremental backups keep working after a
# failover.
#
# The connection comes from the environment (EXCHANGE_WINRM_HOST, EXCHANGE_WINRM_PORT,
# EXCHANGE_WINRM_USERNAME, EXCHANGE_WINRM_PASSWORD, ...), set by run.sh for the simulator.

terraform {
  required_providers {
    exchange = {
      source = "exchange-tools/exchange"
    }
  }
}

provider "exchange" {}

# First contact, read-only: which node the provider reached, the cluster's nodes and how the
# provider talks to them.
data "exchange_cluster" "this" {}

output "cluster" {
  value = {
    name             = data.exchange_cluster.this.cluster
    connected_node   = data.exchange_cluster.this.connected_node
    nodes            = { for n in data.exchange_cluster.this.nodes : n.name => n.state }
    core_group_owner = data.exchange_cluster.this.core_group_owner
    transport        = data.exchange_cluster.this.transport
  }
}

# The defaults are the KB's: resource "Microsoft Exchange System Attendant" and key
# SOFTWARE\Microsoft\Exchange\Backupinformation.
resource "exchange_cluster_checkpoint" "backupinformation" {}

data "exchange_cluster_resource" "system_attendant" {
  depends_on = [exchange_cluster_checkpoint.backupinformation]
}

output "checkpoint_id" {
  value = exchange_cluster_checkpoint.backupinformation.id
}

output "system_attendant" {
  value = {
    owner_node           = data.exchange_cluster_resource.system_attendant.owner_node
    state                = data.exchange_cluster_resource.system_attendant.state
    registry_checkpoints = data.exchange_cluster_resource.system_attendant.registry_checkpoints
  }
}
