$ErrorActionPreference; $ProgressPreference
