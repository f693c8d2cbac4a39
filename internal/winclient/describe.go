package winclient

import (
	"context"
	"time"
)

// DescribeCluster implements API. It reads on the transport the configuration chooses, as
// every operation does. On transport auto, when WMI read the cluster, PowerShell is asked
// too (one script run that only reads its version and looks the module up): it is the path
// auto falls back on, and first contact is when one wants to know that it works. That
// probe's failure is not the operation's: it is told in PowerShellProblem.
func (c *Client) DescribeCluster(ctx context.Context, cluster string) (info *ClusterInfo, err error) {
	const op = "DescribeCluster"
	defer func(start time.Time) {
		fields := []any{"cluster", cluster}
		if info != nil {
			fields = append(fields, "transport", info.Transport, "nodes", len(info.Nodes))
		}
		c.logOp(op, start, err, fields...)
	}(time.Now())
	if err := checkName(op, "cluster", cluster, true); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	data, err := c.read(ctx, op, opDescribe, scriptInput{Cluster: cluster})
	if err != nil {
		return nil, err
	}
	if data.Facts == nil {
		return nil, &Error{Kind: KindWindows, Op: op, Message: "the answer holds no facts about the cluster"}
	}
	f := data.Facts
	info = &ClusterInfo{
		ConnectedNode:  f.Node,
		Cluster:        data.Cluster,
		Domain:         f.Domain,
		CoreGroupOwner: f.CoreGroupOwner,
		Transport:      TransportPowerShell,
		Nodes:          make([]ClusterNode, 0, len(f.Nodes)),
	}
	for _, n := range f.Nodes {
		info.Nodes = append(info.Nodes, ClusterNode(n))
	}
	if f.transport == TransportWMI {
		info.Transport = TransportWMI
		if c.cfg.Transport == TransportAuto {
			c.probePowerShell(ctx, op, info)
		}
		return info, nil
	}
	// PowerShell read the cluster, which it cannot do without the module.
	info.PowerShellVersion, info.FailoverClustersModule = f.PSVersion, moduleState(f.Module)
	return info, nil
}

// probePowerShell fills info's PowerShell facts from one probe run, or PowerShellProblem.
func (c *Client) probePowerShell(ctx context.Context, op string, info *ClusterInfo) {
	data, _, err := c.runScript(ctx, op, opDescribe, scriptInput{Probe: true})
	switch {
	case err != nil:
		info.PowerShellProblem = err.Error()
	case data.Facts == nil:
		info.PowerShellProblem = "the PowerShell probe answered no facts"
	default:
		info.PowerShellVersion, info.FailoverClustersModule = data.Facts.PSVersion, moduleState(data.Facts.Module)
		if info.ConnectedNode == "" {
			info.ConnectedNode = data.Facts.Node
		}
	}
}

func moduleState(answers bool) string {
	if answers {
		return ModuleAnswers
	}
	return ModuleMissing
}
