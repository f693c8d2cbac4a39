# The checkpoint of the System Attendant on the cluster of the WinRM host: RESOURCE_NAME|KEY.
terraform import exchange_cluster_checkpoint.backupinformation 'Microsoft Exchange System Attendant|SOFTWARE\Microsoft\Exchange\Backupinformation'

# On a named cluster: CLUSTER|RESOURCE_NAME|KEY.
terraform import exchange_cluster_checkpoint.backupinformation 'EXCLUSTER|Microsoft Exchange System Attendant|SOFTWARE\Microsoft\Exchange\Backupinformation'

# A name with "|" (Windows allows it in keys and resource names): the ID starts with "|",
# and "|" inside a name is written %7C, "%" is written %25.
terraform import exchange_cluster_checkpoint.vendor '|EXCLUSTER|EVS2 System Attendant|SOFTWARE\Vendor%7CApp'
