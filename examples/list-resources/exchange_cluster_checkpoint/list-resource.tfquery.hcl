# Terraform 1.14 and later: `terraform query -generate-config-out=checkpoints.tf` writes an
# import block and a resource block for every checkpoint of every System Attendant.
list "exchange_cluster_checkpoint" "system_attendants" {
  provider = exchange

  config {
    resource_type = "Microsoft Exchange System Attendant"
  }
}
