# Terraform 1.14 and later: one exchange_cluster_checkpoints_exclusive (the complete set) for
# each resource of the cluster EXCLUSTER that holds checkpoints, whatever its type.
list "exchange_cluster_checkpoints_exclusive" "all" {
  provider = exchange

  config {
    cluster = "EXCLUSTER"
  }
}
