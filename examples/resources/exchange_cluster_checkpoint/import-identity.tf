# Terraform 1.12 and OpenTofu 1.12 and later: the identity instead of an ID. No escaping:
# the names are data. cluster may be left out (the cluster of the WinRM host).
import {
  to = exchange_cluster_checkpoint.vendor
  identity = {
    cluster       = "EXCLUSTER"
    resource_name = "EVS2 System Attendant"
    key           = "SOFTWARE\\Vendor|App"
  }
}
