# Every checkpoint of the System Attendant on the cluster of the WinRM host: RESOURCE_NAME.
terraform import exchange_cluster_checkpoints_exclusive.system_attendant 'Microsoft Exchange System Attendant'

# On a named cluster: CLUSTER|RESOURCE_NAME.
terraform import exchange_cluster_checkpoints_exclusive.evs1 'EXCLUSTER|EVS1 System Attendant'
