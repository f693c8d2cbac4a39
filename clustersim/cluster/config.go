package cluster

import "fmt"

// Config describes a cluster to build. DefaultConfig gives the KB Q245211 cluster.
type Config struct {
	// Name is the cluster's network name (Get-Cluster's Name).
	Name string `json:"name"`
	// Domain is the cluster's domain (Get-Cluster's Domain).
	Domain string `json:"domain"`
	// Nodes are the member nodes, in node id order (1, 2, ...).
	Nodes []string `json:"nodes"`
	// Groups and their resources. A group's Owner must be one of Nodes ("" means the first).
	Groups []GroupConfig `json:"groups"`
	// ExchangeGroup is the group that holds the Exchange virtual server: the backup acts
	// on the node that owns it.
	ExchangeGroup string `json:"exchange_group"`
	// ExchangeServer is the Exchange server's network name (\\EXCHSRV for ntbackup).
	ExchangeServer string `json:"exchange_server"`
	// InformationStore is the resource that must be online for an online backup.
	InformationStore string `json:"information_store"`
}

// GroupConfig describes one cluster group.
type GroupConfig struct {
	Name        string           `json:"name"`
	Owner       string           `json:"owner,omitempty"`
	Description string           `json:"description,omitempty"`
	Resources   []ResourceConfig `json:"resources"`
}

// ResourceConfig describes one resource. DependsOn names resources of the same group.
type ResourceConfig struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Description string   `json:"description,omitempty"`
	DependsOn   []string `json:"depends_on,omitempty"`
	// Checkpoints are registry checkpoints present from the start (keys relative to HKLM).
	Checkpoints []string `json:"checkpoints,omitempty"`
	// Offline starts the resource offline; resources start online by default.
	Offline bool `json:"offline,omitempty"`
}

// Names of the default cluster.
const (
	DefaultClusterName      = "EXCLUSTER"
	DefaultDomain           = "CONTOSO"
	CoreGroupName           = "Cluster Group"
	DefaultExchangeGroup    = "Exchange Group"
	DefaultExchangeServer   = "EXCHSRV"
	SystemAttendant         = "Microsoft Exchange System Attendant"
	DirectoryService        = "Microsoft Exchange Directory"
	InformationStore        = "Microsoft Exchange Information Store"
	MessageTransferAgent    = "Microsoft Exchange Message Transfer Agent"
	EventService            = "Microsoft Exchange Event Service"
	ResourceTypeIPAddress   = "IP Address"
	ResourceTypeNetworkName = "Network Name"
	ResourceTypePhysDisk    = "Physical Disk"
)

// DefaultConfig is the cluster of KB Q245211: EXCLUSTER with NODE1 and NODE2, the core
// "Cluster Group" and an "Exchange Group" running Exchange Server 5.5 as EXCHSRV, both owned
// by NODE1 and online.
func DefaultConfig() Config {
	return Config{
		Name:   DefaultClusterName,
		Domain: DefaultDomain,
		Nodes:  []string{"NODE1", "NODE2"},
		Groups: []GroupConfig{
			{
				Name: CoreGroupName,
				Resources: []ResourceConfig{
					{Name: "Cluster IP Address", Type: ResourceTypeIPAddress},
					{Name: "Cluster Name", Type: ResourceTypeNetworkName, DependsOn: []string{"Cluster IP Address"}},
					{Name: "Disk Q:", Type: ResourceTypePhysDisk},
				},
			},
			{
				Name: DefaultExchangeGroup,
				Resources: []ResourceConfig{
					{Name: "Exchange IP Address", Type: ResourceTypeIPAddress},
					{Name: DefaultExchangeServer, Type: ResourceTypeNetworkName, DependsOn: []string{"Exchange IP Address"}},
					{Name: "Disk E:", Type: ResourceTypePhysDisk},
					{Name: SystemAttendant, Type: exchangeResourceType(SystemAttendant), DependsOn: []string{DefaultExchangeServer, "Disk E:"}},
					{Name: DirectoryService, Type: exchangeResourceType(DirectoryService), DependsOn: []string{SystemAttendant}},
					{Name: InformationStore, Type: exchangeResourceType(InformationStore), DependsOn: []string{DirectoryService}},
					{Name: MessageTransferAgent, Type: exchangeResourceType(MessageTransferAgent), DependsOn: []string{DirectoryService}},
					{Name: EventService, Type: exchangeResourceType(EventService), DependsOn: []string{InformationStore}},
				},
			},
		},
		ExchangeGroup:    DefaultExchangeGroup,
		ExchangeServer:   DefaultExchangeServer,
		InformationStore: InformationStore,
	}
}

// Exchange2003Config is an Exchange 2000/2003 cluster: EXCLUSTER with NODE1 and NODE2 and two
// Exchange virtual servers, EVS1 (owned by NODE1) and EVS2 (owned by NODE2, active/active),
// each a group with its own System Attendant resource. The first virtual server is the one
// the NT backup model acts on. The naming of the Exchange resources is a guess (see
// exchange2003ResourceName in unconfirmed.go).
func Exchange2003Config() Config {
	cfg := DefaultConfig()
	cfg.Groups = cfg.Groups[:1] // the core "Cluster Group"
	for i, evs := range Exchange2003VirtualServers {
		disk := fmt.Sprintf("Disk %c:", 'F'+i)
		sa := exchange2003ResourceName(evs, "System Attendant")
		store := exchange2003ResourceName(evs, "Information Store")
		cfg.Groups = append(cfg.Groups, GroupConfig{
			Name:  evs,
			Owner: cfg.Nodes[i%len(cfg.Nodes)],
			Resources: []ResourceConfig{
				{Name: evs + " IP Address", Type: ResourceTypeIPAddress},
				{Name: evs + " Network Name", Type: ResourceTypeNetworkName, DependsOn: []string{evs + " IP Address"}},
				{Name: disk, Type: ResourceTypePhysDisk},
				{Name: sa, Type: exchange2003ResourceType("System Attendant"), DependsOn: []string{evs + " Network Name", disk}},
				{Name: store, Type: exchange2003ResourceType("Information Store"), DependsOn: []string{sa}},
				{Name: exchange2003ResourceName(evs, "Message Transfer Agent"), Type: exchange2003ResourceType("Message Transfer Agent"), DependsOn: []string{sa}},
				{Name: exchange2003ResourceName(evs, "Routing Service"), Type: exchange2003ResourceType("Routing Service"), DependsOn: []string{sa}},
			},
		})
	}
	first := Exchange2003VirtualServers[0]
	cfg.ExchangeGroup = first
	cfg.ExchangeServer = first
	cfg.InformationStore = exchange2003ResourceName(first, "Information Store")
	return cfg
}

// Exchange2003VirtualServers are the Exchange virtual servers of Exchange2003Config, each a
// group of that name.
var Exchange2003VirtualServers = []string{"EVS1", "EVS2"}

// Exchange2003SystemAttendant is the name Exchange2003Config gives the System Attendant
// resource of a virtual server.
func Exchange2003SystemAttendant(evs string) string {
	return exchange2003ResourceName(evs, "System Attendant")
}
