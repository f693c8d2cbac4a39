package winhost

// Get-, Add- and Remove-ClusterCheckpoint.

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

func (n *Node) getClusterCheckpoint() *winps51.Cmdlet {
	const name = "Get-ClusterCheckpoint"
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		wantRegistry, wantCrypto := checkpointKinds(c)
		var resources []string
		if names := c.Strings("ResourceName"); len(names) > 0 {
			for _, rn := range names {
				r, err := n.c.Resource(rn)
				if err != nil {
					c.WriteError(errNotFound(name, "resource", rn, err))
					continue
				}
				resources = append(resources, r.Name)
			}
		} else {
			rs, err := n.resourcesFor(c, name)
			if err != nil {
				return err
			}
			for _, r := range rs {
				resources = append(resources, r.Name)
			}
		}
		matches := func(cpName string) bool {
			return !c.Bound("CheckpointName") || wildcardMatch(c.String("CheckpointName"), cpName)
		}
		// Per resource, crypto checkpoints come first (the order of Microsoft's example).
		for _, rn := range resources {
			if wantCrypto {
				cps, _ := n.c.CryptoCheckpoints(rn)
				for _, cp := range cps {
					if matches(cp.Name) {
						c.WriteObject(n.cryptoCheckpointObject(cp))
					}
				}
			}
			if wantRegistry {
				// The resource's object is built from the cluster once per resource and
				// copied for each checkpoint: built for each, the call's cost grew with the
				// square of the resource's checkpoints (each build read the resource again,
				// list of checkpoints included), a cost of the simulator's making that the
				// output does not show.
				var res winps51.Value
				cps, _ := n.c.Checkpoints(rn)
				for _, cp := range cps {
					if !matches(cp.Key) {
						continue
					}
					if res == nil {
						res = n.checkpointResource(rn)
					}
					c.WriteObject(registryCheckpointObject(cp, copyHostValue(res)))
				}
			}
		}
		return nil
	},
		winps51.Param{Name: "ResourceName", Kind: winps51.ParamStrings, Position: 0},
		winps51.Param{Name: "CheckpointName", Kind: winps51.ParamString, Position: -1},
		winps51.Param{Name: "RegistryCheckpoint", Kind: winps51.ParamSwitch, Position: -1},
		winps51.Param{Name: "CryptoCheckpoint", Kind: winps51.ParamSwitch, Position: -1},
		paramInputObject, paramCluster,
	)
}

// checkpointKinds: -RegistryCheckpoint and -CryptoCheckpoint select kinds; neither means both.
func checkpointKinds(c *winps51.Call) (registry, crypto bool) {
	registry, crypto = c.Switch("RegistryCheckpoint"), c.Switch("CryptoCheckpoint")
	if !registry && !crypto {
		return true, true
	}
	return registry, crypto
}

func (n *Node) addClusterCheckpoint() *winps51.Cmdlet {
	const name = "Add-ClusterCheckpoint"
	return fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		r, ok, rec := n.targetResource(c, name, "ResourceName")
		if rec != nil {
			c.WriteError(rec)
			return nil
		}
		if !ok {
			return nil // nothing named to add to
		}
		if c.Bound("CryptoCheckpointName") || c.Bound("CryptoCheckpointType") || c.Bound("CryptoCheckpointKey") {
			cp, err := n.c.AddCryptoCheckpoint(r.Name, cluster.CryptoCheckpoint{
				Name: c.String("CryptoCheckpointName"), Type: c.String("CryptoCheckpointType"), Key: c.String("CryptoCheckpointKey")})
			if err != nil {
				c.WriteError(errOperation(name, "adding crypto checkpoint '"+c.String("CryptoCheckpointKey")+"' to resource '"+r.Name+"'", err, c.String("CryptoCheckpointKey")))
			} else {
				c.WriteObject(n.cryptoCheckpointObject(cp))
			}
		}
		if !c.Bound("RegistryCheckpoint") {
			return nil
		}
		key := c.String("RegistryCheckpoint")
		cp, err := n.c.AddCheckpoint(r.Name, key)
		if err != nil {
			c.WriteError(errOperation(name, "adding registry checkpoint '"+key+"' to resource '"+r.Name+"'", err, key))
			return nil
		}
		c.WriteObject(n.checkpointObject(cp))
		return nil
	},
		winps51.Param{Name: "ResourceName", Kind: winps51.ParamString, Position: 0},
		winps51.Param{Name: "CryptoCheckpointName", Kind: winps51.ParamString, Position: -1},
		winps51.Param{Name: "CryptoCheckpointType", Kind: winps51.ParamString, Position: -1},
		winps51.Param{Name: "CryptoCheckpointKey", Kind: winps51.ParamString, Position: -1},
		winps51.Param{Name: "RegistryCheckpoint", Kind: winps51.ParamString, Position: -1},
		paramInputObject, paramCluster,
	)
}

func (n *Node) removeClusterCheckpoint() *winps51.Cmdlet {
	const name = "Remove-ClusterCheckpoint"
	cmd := fcCmdlet(name, func(c *winps51.Call) error {
		if err := n.connectCall(c, name); err != nil {
			return err
		}
		wantRegistry, wantCrypto := checkpointKinds(c)
		r, ok, rec := n.targetResource(c, name, "ResourceName")
		if rec != nil {
			c.WriteError(rec)
			return nil
		}
		var resource string
		if ok {
			resource = r.Name
		}
		if wantCrypto {
			if err := n.removeCryptoCheckpoints(c, name, resource); err != nil {
				return err
			}
		}
		if kind, _ := objectKind(inputObject(c)); !wantRegistry || kind == "cryptocheckpoint" {
			return nil
		}
		cps, _ := n.c.Checkpoints(resource)
		if kind, o := objectKind(inputObject(c)); kind == "checkpoint" && !c.Bound("CheckpointName") {
			cps = filter(cps, func(cp cluster.Checkpoint) bool { return strings.EqualFold(cp.Key, propString(o, "Name")) })
		}
		if c.Bound("CheckpointName") {
			// "Searches for checkpoints with a specific name, regular expressions are
			// accepted" (the module's parameter help, FailoverClusterDsc's stubs of module
			// 2.0.0.0); how it matches is in unconfirmed.go.
			want := c.String("CheckpointName")
			re, err := checkpointNameRegex(want)
			if err != nil {
				return errCheckpointNamePattern(name, want, err)
			}
			cps = filter(cps, func(cp cluster.Checkpoint) bool { return re.MatchString(cp.Key) })
			if len(cps) == 0 && (!wantCrypto || !n.hasCrypto(resource, want)) {
				// Nothing matched: the error the delete control code gives for a checkpoint
				// that is not there (ERROR_FILE_NOT_FOUND, domain.md section 2). The model is
				// not asked: a pattern that does not match its own text (SOFTWARE\Wow6432Node,
				// where \W is a class) would remove the checkpoint while reporting it missing.
				err := &cluster.Error{Code: cluster.ErrorFileNotFound, Message: "The system cannot find the file specified."}
				c.WriteError(errOperation(name, "removing registry checkpoint '"+want+"'", err, want))
				return nil
			}
		}
		for _, cp := range cps {
			target := "registry checkpoint '" + cp.Key + "' on resource '" + cp.Resource + "'"
			proceed, err := c.ShouldProcess(target, "Remove-ClusterCheckpoint")
			if err != nil {
				return err
			}
			if !proceed {
				continue
			}
			// The cmdlet's own prompt, which only -Force skips (Microsoft's example 1 shows
			// it answered; domain.md section 2).
			if !c.Switch("Force") {
				if ok, err := c.ShouldContinue("Are you sure you want to remove "+target+"?", "Remove-ClusterCheckpoint"); err != nil || !ok {
					return err
				}
			}
			if _, err := n.c.RemoveCheckpoint(cp.Resource, cp.Key); err != nil {
				c.WriteError(errOperation(name, "removing "+target, err, cp.Key))
			}
		}
		return nil
	},
		winps51.Param{Name: "ResourceName", Kind: winps51.ParamString, Position: 0},
		winps51.Param{Name: "Force", Kind: winps51.ParamSwitch, Position: -1},
		winps51.Param{Name: "CheckpointName", Kind: winps51.ParamString, Position: -1},
		winps51.Param{Name: "RegistryCheckpoint", Kind: winps51.ParamSwitch, Position: -1},
		winps51.Param{Name: "CryptoCheckpoint", Kind: winps51.ParamSwitch, Position: -1},
		paramInputObject, paramCluster,
	)
	// ConfirmImpact Medium (FailoverClusterDsc tests/Unit/Stubs, generated from module
	// 2.0.0.0): with the default $ConfirmPreference (High) it removes without asking; under
	// $ConfirmPreference Medium or -Confirm it asks, which a non-interactive session refuses.
	cmd.SupportsShouldProcess = true
	cmd.ConfirmImpact = "Medium"
	return cmd
}

func (n *Node) hasCrypto(resource, name string) bool {
	cps, _ := n.c.CryptoCheckpoints(resource)
	for _, cp := range cps {
		if strings.EqualFold(cp.Name, name) || strings.EqualFold(cp.Key, name) {
			return true
		}
	}
	return false
}

// removeCryptoCheckpoints removes the crypto checkpoints of resource ("" for all) that
// -CheckpointName (the provider name or the key container) or a piped object designate.
func (n *Node) removeCryptoCheckpoints(c *winps51.Call, cmdlet, resource string) error {
	cps, _ := n.c.CryptoCheckpoints(resource)
	kind, o := objectKind(inputObject(c))
	for _, cp := range cps {
		if c.Bound("CheckpointName") && !strings.EqualFold(cp.Name, c.String("CheckpointName")) && !strings.EqualFold(cp.Key, c.String("CheckpointName")) {
			continue
		}
		if kind == "checkpoint" || (kind == "cryptocheckpoint" && !strings.EqualFold(cp.Key, propString(o, "Key"))) {
			continue
		}
		target := "crypto checkpoint '" + cp.Name + "' on resource '" + cp.Resource + "'"
		proceed, err := c.ShouldProcess(target, "Remove-ClusterCheckpoint")
		if err != nil {
			return err
		}
		if proceed {
			if err := n.c.RemoveCryptoCheckpoint(cp.Resource, cp); err != nil {
				c.WriteError(errOperation(cmdlet, "removing "+target, err, cp.Key))
			}
		}
	}
	return nil
}
