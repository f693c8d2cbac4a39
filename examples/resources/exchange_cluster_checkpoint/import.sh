# The checkpoint of the System Attendant on the cluster of the WinRM host: RESOURCE_NAME|KEY.
terraform import exchange_cluster_checkpoint.backupinformation 'Microsoft Exchange System Attendant|SOFTWARE\Microsoft\Exchange\Backupinformation'

# On a named cluster: CLUSTER|RESOURCE_NAME|KEY.
terraform import exchange_cluster_checkpoint.backupinformation 'EXCLUSTER|Microsoft Exchange System Attendant|SOFTWARE\Microsoft\Exchange\Backupinformation'
