# Terraform 1.12 and OpenTofu 1.12 and later: the identity instead of an ID. cluster may be
# left out (the cluster of the WinRM host).
import {
  to = exchange_cluster_checkpoints_exclusive.system_attendant
  identity = {
    cluster       = "EXCLUSTER"
    resource_name = "Microsoft Exchange System Attendant"
  }
}
