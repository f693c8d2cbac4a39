package winclient

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/wsman"
)

// The first-contact probe (issue 20, item 7): four read-only WMI requests whose answers
// the project has no recording of from a real cluster, so that a user's first session can
// supply them. Each names something no cluster holds, so nothing can change: a class no
// namespace has, and a resource name no cluster uses (a RemoveRegistryCheckpoint on it has
// no instance to run on). The answers are classified by the one WMI table (wmi_errors.go);
// recorded with EXCHANGE_WINRM_RECORD, `make replay` classifies them again from the file.
const (
	probeClass    = "MSCluster_ExchangeProviderProbeNoSuchClass"
	probeResource = "exchange-provider-probe: no such resource"
	probeKey      = `SOFTWARE\exchange-provider-probe`
)

// ProbeStep is one request of the probe and how its answer was classified.
type ProbeStep struct {
	Name string // what was asked
	Op   string // Enumerate, Get or Invoke
	// Kind is the answer's kind; "" for a success.
	Kind Kind
	// Codes are the fault's codes, most specific first (wsman.FaultDetail.Codes).
	Codes []uint32
	// Items counts the instances of a successful enumeration.
	Items int
	// Message is the classified error's text, or the answer's outline on success.
	Message string
}

func (s ProbeStep) String() string {
	if s.Kind == "" {
		return fmt.Sprintf("%-55s %-9s ok: %s", s.Name, s.Op, s.Message)
	}
	codes := make([]string, len(s.Codes))
	for i, c := range s.Codes {
		codes[i] = fmt.Sprintf("0x%08X", c)
	}
	return fmt.Sprintf("%-55s %-9s %s [%s]: %s", s.Name, s.Op, s.Kind, strings.Join(codes, " "), s.Message)
}

// Probe runs the probe's four requests over WMI, whatever the transport configured, and
// classifies each answer as the client would.
func (c *Client) Probe(ctx context.Context) []ProbeStep {
	w := c.wmi.w
	steps := []ProbeStep{
		probeStep(ctx, "Enumerate of a class root\\MSCluster does not have", wmiEnumerate, func(ctx context.Context) (int, error) {
			items, err := w.enumerate(ctx, wmiClusterNS, probeClass, "")
			return len(items), err
		}),
		probeStep(ctx, "Get of an MSCluster_Resource that does not exist", wmiGet, func(ctx context.Context) (int, error) {
			return 1, w.get(ctx, "MSCluster_Resource", probeResource)
		}),
		probeStep(ctx, "RemoveRegistryCheckpoint on a resource that does not exist", wmiInvoke, func(ctx context.Context) (int, error) {
			return 0, w.invoke(ctx, "MSCluster_Resource", probeResource, "RemoveRegistryCheckpoint", [][2]string{{"CheckpointName", probeKey}})
		}),
		probeStep(ctx, "the provider's projected WQL query of MSCluster_Resource", wmiEnumerate, func(ctx context.Context) (int, error) {
			items, err := w.enumerate(ctx, wmiClusterNS, "MSCluster_Resource", wmiResourceQuery)
			return len(items), err
		}),
	}
	return steps
}

func probeStep(ctx context.Context, name string, op wmiOp, do func(context.Context) (int, error)) ProbeStep {
	s := ProbeStep{Name: name, Op: string(op)}
	n, err := do(ctx)
	if err == nil {
		s.Items, s.Message = n, fmt.Sprintf("%d instance(s)", n)
		return s
	}
	e := classifyWMI("probe", op, err)
	s.Kind, s.Message = e.Kind, e.Message
	var f *wsman.Fault
	if errors.As(err, &f) {
		s.Codes = f.Parts.Codes()
	}
	return s
}

// ClassifyRecordedProbe classifies one recorded exchange of the probe (a recording's
// action, request and answer): ok is false for an exchange that is not one of the probe's.
func ClassifyRecordedProbe(action, request, response string) (ProbeStep, bool) {
	var s ProbeStep
	switch {
	case strings.Contains(request, probeClass) && action == "Enumerate":
		s = ProbeStep{Name: "Enumerate of a class root\\MSCluster does not have", Op: string(wmiEnumerate)}
	case strings.Contains(request, probeResource) && action == "Get":
		s = ProbeStep{Name: "Get of an MSCluster_Resource that does not exist", Op: string(wmiGet)}
	case strings.Contains(request, probeResource) && action == "RemoveRegistryCheckpoint":
		s = ProbeStep{Name: "RemoveRegistryCheckpoint on a resource that does not exist", Op: string(wmiInvoke)}
	case strings.Contains(request, wmiResourceQuery) && action == "Enumerate":
		s = ProbeStep{Name: "the provider's projected WQL query of MSCluster_Resource", Op: string(wmiEnumerate)}
	default:
		return s, false
	}
	f, isFault := wsman.ParseFault(500, response)
	if !isFault {
		s.Message = "answered without a fault"
		if page, err := parseEnumeration(response); err == nil {
			s.Items, s.Message = len(page.items), fmt.Sprintf("%d instance(s) in the first answer", len(page.items))
		}
		return s, true
	}
	e := classifyWMI("probe", wmiOp(s.Op), f)
	s.Kind, s.Message, s.Codes = e.Kind, e.Message, f.Parts.Codes()
	return s, true
}
