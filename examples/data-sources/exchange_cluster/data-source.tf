# First contact: what the provider reaches, read-only. Plan this alone before declaring any
# checkpoint.
data "exchange_cluster" "this" {}

output "first_contact" {
  value = {
    cluster                  = data.exchange_cluster.this.cluster
    connected_node           = data.exchange_cluster.this.connected_node
    nodes                    = { for n in data.exchange_cluster.this.nodes : n.name => n.state }
    core_group_owner         = data.exchange_cluster.this.core_group_owner
    transport                = data.exchange_cluster.this.transport
    powershell_version       = data.exchange_cluster.this.powershell_version
    failover_clusters_module = data.exchange_cluster.this.failover_clusters_module
  }
}

# Warn in every plan when a node's Cluster service is not up: the System Attendant then has
# fewer nodes to fail over to (Terraform 1.5 and later).
check "all_nodes_up" {
  assert {
    condition     = alltrue([for n in data.exchange_cluster.this.nodes : n.state == "Up"])
    error_message = "A node of the cluster is not Up: ${join(", ", [for n in data.exchange_cluster.this.nodes : "${n.name} is ${n.state}" if n.state != "Up"])}."
  }
}
