# Every checkpoint of the System Attendant on the cluster of the WinRM host: RESOURCE_NAME.
terraform import exchange_cluster_checkpoints_exclusive.system_attendant 'Microsoft Exchange System Attendant'

# On a named cluster: CLUSTER|RESOURCE_NAME.
terraform import exchange_cluster_checkpoints_exclusive.evs1 'EXCLUSTER|EVS1 System Attendant'

# A resource name with "|": the ID starts with "|", and "|" inside the name is written %7C,
# "%" is written %25.
terraform import exchange_cluster_checkpoints_exclusive.vendor '|EXCLUSTER|Vendor%7CApp Service'
