# Exchange 2000/2003: one System Attendant per virtual server. Enforce the checkpoint of
# KB Q245211 on every one of them, without listing their names.
data "exchange_cluster_resources" "system_attendants" {
  resource_type = "Microsoft Exchange System Attendant"
}

resource "exchange_cluster_checkpoint" "backupinformation" {
  for_each      = { for r in data.exchange_cluster_resources.system_attendants.resources : r.name => r }
  resource_name = each.key
}

# Every resource of one virtual server, by name pattern (* and ?, without regard to case).
data "exchange_cluster_resources" "evs1" {
  name = "*EVS1*"
}
