# KB Q245211: the System Attendant checkpoints the Exchange backup information, so that an
# incremental backup still finds it after a failover. Every argument has the KB's default.
resource "exchange_cluster_checkpoint" "backupinformation" {}

# The same, spelled out, on a named cluster.
resource "exchange_cluster_checkpoint" "explicit" {
  cluster       = "EXCLUSTER"
  resource_name = "Microsoft Exchange System Attendant"
  key           = "SOFTWARE\\Microsoft\\Exchange\\Backupinformation"
}

# Exchange 2000 and 2003 name the resource after the Exchange virtual server. Keys may carry a
# hive prefix; HKLM\, HKEY_LOCAL_MACHINE\ and HKLM:\ all mean the same.
resource "exchange_cluster_checkpoint" "evs1" {
  resource_name = "EVS1 System Attendant"
  key           = "HKLM\\SOFTWARE\\Microsoft\\Exchange\\Backupinformation"
}
