package winps51

import "fmt"

// testHostCmdlets are host cmdlets like the cluster module's, to test binding.
func testHostCmdlets() []*Cmdlet {
	res := func(name, state string) *Object {
		o := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterResource",
			"Name", name, "State", Enum{Type: "Microsoft.FailoverClusters.PowerShell.ClusterResourceState", Name: state, Value: map[string]int64{"Online": 2, "Offline": 3}[state]},
			"OwnerGroup", "Exchange Group", "ResourceType", "Microsoft Exchange System Attendant")
		o.DefaultDisplay = []string{"Name", "State", "OwnerGroup", "ResourceType"}
		o.Str = func() string { return name }
		return o
	}
	all := []*Object{res("Microsoft Exchange System Attendant", "Online"), res("Cluster Name", "Offline")}
	cluster := NewObject("Microsoft.FailoverClusters.PowerShell.Cluster", "Name", "EXCLUSTER", "Domain", "contoso.com")
	cluster.Str = func() string { return "EXCLUSTER" }
	cluster.DefaultDisplay = []string{"Name"}
	checkpoint := NewObject("Microsoft.FailoverClusters.PowerShell.ClusterRegistryCheckpoint", "Resource", all[0], "Name", `SOFTWARE\Microsoft\Exchange\Backupinformation`)
	checkpoint.DefaultDisplay = []string{"Resource", "Name"}
	return []*Cmdlet{
		{
			Name: "Get-Cluster", Module: "FailoverClusters",
			Params: []Param{{Name: "Name", Kind: ParamString, Position: 0}},
			Process: func(c *Call) error {
				if n := c.String("Name"); n != "" && n != "EXCLUSTER" {
					return &ErrorRecord{Message: "The cluster service is not running.", ExceptionType: "Microsoft.FailoverClusters.PowerShell.ClusterCmdletException", FullyQualifiedErrorID: "ClusterNotFound", Category: "ConnectionError"}
				}
				c.WriteObject(cluster)
				return nil
			},
		},
		{
			Name: "Get-ClusterCheckpoint", Module: "FailoverClusters",
			Params: []Param{
				{Name: "ResourceName", Kind: ParamStrings, Position: 0},
				{Name: "Cluster", Kind: ParamString, Position: -1},
				{Name: "RegistryCheckpoint", Kind: ParamSwitch, Position: -1},
			},
			Process: func(c *Call) error { c.WriteObject(checkpoint); return nil },
		},
		{
			Name: "Get-ClusterResource", Module: "FailoverClusters",
			Params: []Param{
				{Name: "Name", Kind: ParamStrings, Position: 0, FromPipelineByPropertyName: true},
				{Name: "Cluster", Kind: ParamString, Position: -1},
			},
			Process: func(c *Call) error {
				names := c.Strings("Name")
				if len(names) == 0 {
					for _, r := range all {
						c.WriteObject(r)
					}
					return nil
				}
				for _, n := range names {
					found := false
					for _, r := range all {
						if v, _ := r.getProp("Name"); toStr(v) == n {
							c.WriteObject(r)
							found = true
						}
					}
					if !found {
						c.WriteError(&ErrorRecord{Message: fmt.Sprintf("The resource '%s' was not found.", n), ExceptionType: "Microsoft.FailoverClusters.PowerShell.ClusterCmdletException", FullyQualifiedErrorID: "Get-ClusterResource", Category: "ObjectNotFound", TargetObject: n})
					}
				}
				return nil
			},
		},
		{
			Name: "Remove-ClusterCheckpoint", Module: "FailoverClusters", SupportsShouldProcess: true, ConfirmImpact: "High",
			Params: []Param{
				{Name: "ResourceName", Kind: ParamString, Position: 0},
				{Name: "CheckpointName", Kind: ParamString, Position: -1},
				{Name: "RegistryCheckpoint", Kind: ParamSwitch, Position: -1},
				{Name: "Force", Kind: ParamSwitch, Position: -1},
			},
			Process: func(c *Call) error {
				ok, err := c.ShouldProcess(c.String("CheckpointName"), "Remove checkpoint")
				if err != nil {
					return err
				}
				if ok {
					c.WriteObject("removed " + c.String("CheckpointName"))
				}
				return nil
			},
		},
		{
			Name: "Get-Thing",
			Params: []Param{
				{Name: "Path", Aliases: []string{"PSPath"}, Kind: ParamString, Position: 0, Mandatory: true, FromPipeline: true},
				{Name: "Count", Kind: ParamInt, Position: 1},
				{Name: "Flag", Kind: ParamBool, Position: -1},
			},
			Process: func(c *Call) error {
				if c.String("Path") == "bad" {
					return &ErrorRecord{Message: "Cannot find path 'bad' because it does not exist.", ExceptionType: "System.Management.Automation.ItemNotFoundException", FullyQualifiedErrorID: "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand", Category: "ObjectNotFound", TargetObject: "bad"}
				}
				if c.String("Path") == "soft" {
					c.WriteError(&ErrorRecord{Message: "soft failure", ExceptionType: "System.Management.Automation.ItemNotFoundException", FullyQualifiedErrorID: "PathNotFound", Category: "ObjectNotFound", TargetObject: "soft"})
					return nil
				}
				c.WriteObject(fmt.Sprintf("%s/%v/%v", c.String("Path"), c.Value("Count"), c.Value("Flag")))
				return nil
			},
		},
	}
}
