# Every registry checkpoint of the System Attendant on the cluster of the WinRM host: the key of
# KB Q245211 and nothing else. A checkpoint added by hand shows as drift and is removed on apply.
resource "exchange_cluster_checkpoints_exclusive" "system_attendant" {
  keys = [
    "SOFTWARE\\Microsoft\\Exchange\\Backupinformation",
  ]
}

# Exchange 2000 and 2003 name the resource after the Exchange virtual server. Keys may carry a
# hive prefix; HKLM\, HKEY_LOCAL_MACHINE\ and HKLM:\ all mean the same.
resource "exchange_cluster_checkpoints_exclusive" "evs1" {
  cluster       = "EXCLUSTER"
  resource_name = "EVS1 System Attendant"
  keys = [
    "HKLM\\SOFTWARE\\Microsoft\\Exchange\\Backupinformation",
    "HKLM\\SOFTWARE\\Fabrikam\\BackupAgent",
  ]
}
